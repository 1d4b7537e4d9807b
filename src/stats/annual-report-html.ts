import { STATE_LABELS, type State } from '../cases/transitions.js';
import type { AnnualReport, Headline } from './annual-report.js';
import type { Rate } from './formulas.js';
import { html, Markup } from '../http/html.js';

/**
 * The yearly report as a printable page in Chinese: A4, no scripts, no external resources. Case
 * data is what reporters typed, so every value goes through `html`, which escapes whatever is not
 * already markup built by it.
 */

const DASH = '—';
const percent = (value: number | null) => (value === null ? DASH : `${(value * 100).toFixed(2)}%`);
const number = (value: number | null) => (value === null ? DASH : String(value));
/** 2026-03-02T10:00:00+08:00 → 2026-03-02 10:00 (every time in the report is +08:00). */
const time = (iso: string | null) => (iso === null ? DASH : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`);
const signed = (n: number, digits = 0) => `${n > 0 ? '+' : ''}${n.toFixed(digits)}`;
const state = (s: string) => STATE_LABELS[s as State] ?? s;
const SATISFACTION: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

const STYLE = `
@page { size: A4; margin: 20mm 18mm 20mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; line-height: 1.6; color: #000; margin: 0 auto; max-width: 180mm; }
h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 18pt; text-align: center; margin: 0 0 4mm; }
h2 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 7mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; text-indent: 2em; }
p.meta { text-align: center; text-indent: 0; font-size: 10pt; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; }
.note { font-size: 9pt; color: #333; text-indent: 0; }
@media screen { body { padding: 10mm; } }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;

function table(headers: string[], rows: unknown[][], numeric: number[] = []): Markup {
  if (rows.length === 0) return html`<p class="note">无。</p>`;
  return html`<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map((row) =>
    html`<tr>${row.map((cell, i) => (numeric.includes(i) ? html`<td class="n">${cell}</td>` : html`<td>${cell}</td>`))}</tr>`)}</tbody></table>`;
}

function page(title: string, body: Markup): string {
  return html`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.text;
}

export const annualReportTitle = (r: Pick<AnnualReport, 'department' | 'year'>) => `${r.department.name} ${r.year}年度生态环境保护职责履行情况报告`;

const RATE_ROWS = [
  ['response', '响应率'], ['resolution', '解决率'], ['satisfaction', '满意率'], ['timelySign', '及时签收率'],
  ['onTimeCompletion', '按时办结率'], ['return', '退单率'], ['reassignment', '改派率'], ['transfer', '移交率'], ['reopen', '重办率'], ['repeat', '重复投诉率'],
  ['reviewCorrection', '复查纠错率'],
] as const;

const rateRow = (label: string, r: Rate) => [label, r.numerator, r.denominator, percent(r.value)];

export function renderAnnualReportHtml(r: AnnualReport): string {
  const title = annualReportTitle(r);
  const h = r.handling;
  const caseColumns = (c: Pick<AnnualReport['overdue']['cases'][number], 'trackingCode' | 'matter' | 'district' | 'reportedEntity'>) => [c.trackingCode, c.matter?.title ?? '未识别事项', c.district?.name ?? DASH, c.reportedEntity ?? DASH];

  const body = html`
<h1>${title}</h1>
<p class="meta">统计期间：${r.year}年1月1日至${r.year}年12月31日（按受理时间）　生成时间：${time(r.generatedAt)}</p>
<p class="meta">数据来源：${r.jurisdictionName}12345/12369生态环境投诉受理与派单系统</p>

<h2>一、职责事项</h2>
<p>根据${r.jurisdictionName}生态环境保护责任清单，${r.department.name}牵头负责${r.matters.lead.length}项具体事项，配合负责${r.matters.cooperating.length}项具体事项。</p>
<h3>（一）牵头事项</h3>
${table(['序号', '事项', '污染类型', '配合部门'], r.matters.lead.map((m, i) => [i + 1, m.title, m.pollutionTypes.join('、'), m.cooperating.map((d) => d.name).join('、') || DASH]), [0])}
<h3>（二）配合事项</h3>
${table(['序号', '事项', '污染类型', '牵头部门'], r.matters.cooperating.map((m, i) => [i + 1, m.title, m.pollutionTypes.join('、'), m.lead.name]), [0])}

<h2>二、受理情况</h2>
<p>${r.year}年，本部门作为主办单位共接到交办${r.received.assignments}件次，截至报告生成时由本部门主办的工单${r.received.cases}件。</p>
<h3>（一）按事项</h3>
${table(['事项', '交办件次', '主办工单'], r.received.byMatter.map((g) => [g.title, g.assignments, g.cases]), [1, 2])}
<h3>（二）按区县</h3>
${table(['区县', '交办件次', '主办工单'], r.received.byDistrict.map((g) => [g.name, g.assignments, g.cases]), [1, 2])}

<h2>三、办理情况（三率）</h2>
<p>综合得分${number(h.score)}${h.ranked ? `，在参与排名的${h.rankedDepartments}个部门中列第${h.rank}位` : `（交办少于${h.minimumSample}件次或三率不全，不参与排名）`}；平均办理时长${number(h.averageHandlingWorkingDays)}个工作日；当前超期未办结${h.overdueOpen}件。</p>
${table(['指标', '分子', '分母', '比率'], RATE_ROWS.map(([key, label]) => rateRow(label, h.rates[key])), [1, 2, 3])}
<p class="note">综合得分按响应率${percent(h.weights.response)}、解决率${percent(h.weights.resolution)}、满意率${percent(h.weights.satisfaction)}加权（0–100分）。无分母的比率记为“${DASH}”。</p>

<h2>四、超期与重办</h2>
<h3>（一）超期办理</h3>
<p>本年受理、由本部门主办的工单中，超期答复${r.overdue.lateReplies}件，目前超期未办结${r.overdue.overdueNow}件，合计${r.overdue.count}件${r.overdue.count > r.overdue.cases.length ? `（下表列出到期最早的${r.overdue.cases.length}件）` : ''}。</p>
${table(['工单编号', '事项', '区县', '被举报单位', '答复期限', '首次答复', '情形'], r.overdue.cases.map((c) => [
    ...caseColumns(c), time(c.replyDueAt), time(c.firstRepliedAt), [c.lateReply ? '超期答复' : '', c.overdueNow ? '超期未办结' : ''].filter(Boolean).join('、'),
  ]))}
<h3>（二）重办</h3>
<p>回访不满意后重新办理的工单${r.reopened.count}件${r.reopened.count > r.reopened.cases.length ? `（下表列出前${r.reopened.cases.length}件）` : ''}。</p>
${table(['工单编号', '事项', '区县', '被举报单位', '重办次数', '最近回访', '当前状态'], r.reopened.cases.map((c) => [
    ...caseColumns(c), c.reopenCount, c.callbackSatisfaction ? SATISFACTION[c.callbackSatisfaction] ?? c.callbackSatisfaction : DASH, state(c.status),
  ]), [4])}

<h2>五、督办情况</h2>
<p>${r.year}年本部门主办工单共被督办${r.supervisionOrders.count}次，其中督察人员督办${r.supervisionOrders.manual}次，系统超期自动督办${r.supervisionOrders.automatic}次${r.supervisionOrders.count > r.supervisionOrders.orders.length ? `（下表列出前${r.supervisionOrders.orders.length}次）` : ''}。</p>
${table(['督办时间', '工单编号', '事项', '承办单位', '方式', '督办内容'], r.supervisionOrders.orders.map((o) => [
    time(o.at), o.trackingCode, o.matter?.title ?? '未识别事项', o.office, o.automatic ? '自动督办' : '人工督办',
    o.automatic ? `超期${o.overdueWorkingDays ?? DASH}个工作日未办结` : o.content ?? DASH,
  ]))}

<h2>六、与上年对比</h2>
${comparisonTable(r)}
<p class="note">比率的变化以百分点计；超期、重办、督办为各年受理（督办为各年发出）的件数。</p>
`;
  return page(title, body);
}

function comparisonTable(r: AnnualReport): Markup {
  const now = r.headline;
  const before = r.previousYear.figures;
  const change = r.previousYear.change;
  const counts: Array<[keyof Headline & keyof typeof change, string]> = [
    ['received', '交办件次'], ['cases', '主办工单'], ['overdue', '超期件数'], ['reopened', '重办件数'], ['supervisionOrders', '被督办次数'],
  ];
  const rates: Array<[keyof Headline & keyof typeof change, string]> = [
    ['response', '响应率'], ['resolution', '解决率'], ['satisfaction', '满意率'], ['timelySign', '及时签收率'], ['onTimeCompletion', '按时办结率'], ['reopen', '重办率'],
  ];
  const rows: unknown[][] = [
    ...counts.map(([k, label]) => [label, now[k] as number, before[k] as number, signed(change[k] as number)]),
    ...rates.map(([k, label]) => {
      const d = change[k] as number | null;
      return [label, percent((now[k] as Rate).value), percent((before[k] as Rate).value), d === null ? DASH : `${signed(d * 100, 2)}个百分点`];
    }),
    ['平均办理时长（工作日）', number(now.averageHandlingWorkingDays), number(before.averageHandlingWorkingDays), change.averageHandlingWorkingDays === null ? DASH : signed(change.averageHandlingWorkingDays, 2)],
    ['综合得分', number(now.score), number(before.score), change.score === null ? DASH : signed(change.score, 1)],
  ];
  return table(['指标', `${r.year}年`, `${r.previousYear.year}年`, '变化'], rows, [1, 2, 3]);
}

/** The index page of a folder of yearly reports (`hotline report annual`): one line and two links per department. */
export function renderAnnualIndexHtml(jurisdictionName: string, year: number, reports: AnnualReport[]): string {
  const title = `${jurisdictionName}${year}年度各部门生态环境保护职责履行情况报告`;
  const rows = reports.map((r) => html`<tr><td>${r.department.name}</td><td class="n">${r.headline.received}</td><td class="n">${r.headline.cases}</td>
<td class="n">${percent(r.headline.response.value)}</td><td class="n">${percent(r.headline.resolution.value)}</td><td class="n">${percent(r.headline.satisfaction.value)}</td>
<td class="n">${number(r.headline.score)}</td><td><a href="${`${r.department.code}.html`}">报告</a> · <a href="${`${r.department.code}.json`}">JSON</a></td></tr>`);
  return page(title, html`
<h1>${title}</h1>
<table><thead><tr><th>部门</th><th>交办件次</th><th>主办工单</th><th>响应率</th><th>解决率</th><th>满意率</th><th>综合得分</th><th>报告</th></tr></thead>
<tbody>${rows}</tbody></table>
`);
}
