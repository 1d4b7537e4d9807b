import { ApiError } from '../../errors.js';

/** The intake fields a work-order export may fill, as dotted paths of the intake body. */
export const IMPORT_FIELDS = [
  'externalId', 'receivedAt', 'kind', 'urgency', 'content', 'address', 'district', 'reportedEntity', 'purpose',
  'reporter.name', 'reporter.phone', 'reporter.email', 'reporter.address', 'reporter.confidential',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * Column headings as 12345 and 12369 platforms' exports name them, and the intake field each fills.
 * A field's own name (content, reporter.phone) works too.
 */
const HEADINGS: Record<ImportField, readonly string[]> = {
  externalId: ['工单编号', '工单号', '工单编码', '编号', '受理编号'],
  receivedAt: ['受理时间', '来电时间', '登记时间', '反映时间', '诉求时间'],
  kind: ['诉求类型', '诉求类别', '类型'],
  urgency: ['紧急程度', '缓急程度'],
  content: ['诉求内容', '反映内容', '问题描述', '内容', '来电内容', '举报内容'],
  address: ['诉求地址', '事发地址', '问题地址', '事发地点', '地址'],
  district: ['所属区县', '区县', '所属区域', '区域', '行政区'],
  reportedEntity: ['被反映单位', '被举报单位', '被反映对象', '被投诉单位', '被举报对象'],
  purpose: ['诉求目的', '诉求'],
  'reporter.name': ['诉求人', '来电人', '反映人', '举报人', '姓名'],
  'reporter.phone': ['联系电话', '来电号码', '电话', '手机号码'],
  'reporter.email': ['电子邮箱', '邮箱'],
  'reporter.address': ['诉求人地址', '联系地址', '工作单位', '住址'],
  'reporter.confidential': ['是否保密', '保密', '举报人信息保密'],
};

/** A heading as typed: full-width folded, spaces and required-markers (*) gone, ASCII in lower case. */
const headingKey = (heading: string) => heading.normalize('NFKC').replace(/[\s*＊:：]/g, '').toLowerCase();

const BY_HEADING = new Map<string, ImportField>(IMPORT_FIELDS.flatMap((field) =>
  [field, ...HEADINGS[field]].map((heading) => [headingKey(heading), field] as const)));

export interface ColumnMap {
  /** The column each field is read from, and the heading the file gave it (errors name the column as the file does). */
  columns: Map<ImportField, { index: number; heading: string }>;
  /** Headings no field takes (the export's own status, office, … columns): read past, listed in the answer. */
  ignored: string[];
}

/** Whether a row names the columns an export must have: the row to read as the header. */
export function namesRequiredColumns(cells: readonly string[]): boolean {
  const fields = new Set(cells.map((cell) => BY_HEADING.get(headingKey(cell.trim()))));
  return fields.has('externalId') && fields.has('content');
}

/**
 * Which column holds which field. The work-order number and the content are required: without the
 * number an import could not be run again without taking every complaint in twice.
 */
export function mapColumns(header: readonly string[]): ColumnMap {
  const columns = new Map<ImportField, { index: number; heading: string }>();
  const ignored: string[] = [];
  header.forEach((raw, index) => {
    const heading = raw.trim();
    const field = BY_HEADING.get(headingKey(heading));
    if (!field) {
      if (heading !== '') ignored.push(heading);
      return;
    }
    const taken = columns.get(field);
    if (taken) throw new ApiError(400, 'INVALID_IMPORT_FILE', `columns "${taken.heading}" and "${heading}" both give ${field}; keep one`);
    columns.set(field, { index, heading });
  });
  for (const field of ['externalId', 'content'] as const) {
    if (!columns.has(field)) {
      throw new ApiError(400, 'INVALID_IMPORT_FILE', `the file has no ${field} column: head it ${HEADINGS[field].slice(0, 3).map((h) => `"${h}"`).join(', ')} or "${field}"`);
    }
  }
  return { columns, ignored };
}

/** 诉求类型 as exports write it. */
export const KIND_WORDS: Record<string, string> = {
  投诉: 'complaint', 举报: 'complaint', 投诉举报: 'complaint', 咨询: 'consultation', 建议: 'suggestion', 求助: 'help',
};
/** 紧急程度 as exports write it. */
export const URGENCY_WORDS: Record<string, string> = { 一般: 'normal', 普通: 'normal', 紧急: 'urgent', 特急: 'critical', 特别紧急: 'critical' };
/** 是否保密: yes and no in the forms exports use; anything else is refused, not guessed. */
export const YES_NO: Record<string, boolean> = {
  是: true, 保密: true, y: true, yes: true, true: true, 1: true,
  否: false, 不保密: false, n: false, no: false, false: false, 0: false,
};
