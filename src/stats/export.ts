import ExcelJS from 'exceljs';
import type { Rate } from './formulas.js';
import type { BreakdownReport, DepartmentReport, HotspotReport } from './reports.js';

type Cell = string | number | null | { percent: number | null };
export interface Table { title: string; headers: string[]; rows: Cell[][] }

const pct = (r: Rate): Cell => ({ percent: r.value });

const RATE_COLUMNS = [
  ['timelySign', '及时签收率'], ['onTimeCompletion', '按时办结率'], ['response', '响应率'], ['resolution', '解决率'],
  ['satisfaction', '满意率'], ['return', '退单率'], ['reassignment', '改派率'], ['transfer', '移交率'], ['reopen', '重办率'], ['repeat', '重复投诉率'],
  ['reviewCorrection', '复查纠错率'],
] as const;

export function departmentTable(r: DepartmentReport): Table {
  return {
    title: '部门履职统计',
    headers: ['排名', '部门', '部门代码', '受理量', ...RATE_COLUMNS.map(([, label]) => label), '平均办理时长（工作日）', '当前超期未办结', '会商定责件数', '综合得分', '参与排名'],
    rows: r.departments.map((d) => [
      d.rank, d.name, d.department, d.received, ...RATE_COLUMNS.map(([key]) => pct(d.rates[key])),
      d.averageHandlingWorkingDays, d.overdueOpen, d.arbitrated, d.score, d.ranked ? '是' : `否（少于${r.minimumSample}件）`,
    ]),
  };
}

const BREAKDOWN_TITLES: Record<BreakdownReport['by'], string> = {
  matter: '按事项', pollutionType: '按污染类型', subType: '按污染二级分类', channel: '按渠道', channelGroup: '按渠道类别', district: '按区县',
  month: '按月份', department: '按部门', industry: '按行业',
};

export function breakdownTable(r: BreakdownReport): Table {
  return {
    title: `分类统计（${BREAKDOWN_TITLES[r.by]}）`,
    headers: ['分组', '代码', '受理量', '占比', '响应率', '按时办结率', '解决率', '满意率', '重办率', '重复投诉率'],
    rows: r.groups.map((g) => [g.label, g.key, g.received, pct(g.share), pct(g.rates.response), pct(g.rates.onTimeCompletion),
      pct(g.rates.resolution), pct(g.rates.satisfaction), pct(g.rates.reopen), pct(g.rates.repeat)]),
  };
}

export function hotspotTable(r: HotspotReport): Table {
  return {
    title: '重复投诉热点',
    headers: ['类型', '对象', '投诉次数', '工单编号'],
    rows: r.hotspots.map((h) => [h.kind === 'entity' ? '被举报单位' : '地址', h.subject, h.complaints, h.cases.map((c) => c.trackingCode).join('；')]),
  };
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  const text = typeof cell === 'object' ? (cell.percent === null ? '' : `${(cell.percent * 100).toFixed(2)}%`) : String(cell);
  // Quoted when needed; a leading =, +, - or @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof cell === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV with a UTF-8 byte-order mark, so Excel shows the Chinese headers correctly. */
export function toCsv(table: Table): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map((cell) => csvCell(cell as Cell)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '12345/12369 生态环境投诉受理系统';
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(row.map((cell) => (cell !== null && typeof cell === 'object' ? cell.percent : cell)));
    row.forEach((cell, i) => { if (cell !== null && typeof cell === 'object') added.getCell(i + 1).numFmt = '0.00%'; });
  }
  sheet.columns.forEach((column, i) => { column.width = Math.max(10, table.headers[i]!.length * 2 + 4); });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
