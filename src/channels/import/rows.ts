import { type ColumnMap, type ImportField, KIND_WORDS, URGENCY_WORDS, YES_NO } from './columns.js';

export class RowError extends Error {
  constructor(readonly field: ImportField, message: string) {
    super(message);
  }
}

/**
 * One row as an intake body: empty cells are absent fields, 诉求类型, 紧急程度 and 是否保密 read in the
 * words exports use, and a 受理时间 without an offset is Beijing time. The body is then checked
 * against the same schema as POST /complaints, by the caller.
 */
export function rowBody(cells: readonly string[], map: ColumnMap, target: { jurisdiction: string; channel: string }): Record<string, unknown> {
  const body: Record<string, unknown> = { jurisdiction: target.jurisdiction, channel: target.channel };
  const reporter: Record<string, unknown> = {};
  for (const [field, { index }] of map.columns) {
    const cell = (cells[index] ?? '').trim();
    if (cell === '') continue;
    const value = valueOf(field, cell);
    if (field.startsWith('reporter.')) reporter[field.slice('reporter.'.length)] = value;
    else body[field] = value;
  }
  if (Object.keys(reporter).length > 0) body.reporter = reporter;
  return body;
}

function valueOf(field: ImportField, cell: string): unknown {
  switch (field) {
    // Own keys only: a cell reading "constructor" is a word, not the object's constructor.
    case 'kind': return Object.hasOwn(KIND_WORDS, cell) ? KIND_WORDS[cell] : cell;
    case 'urgency': return Object.hasOwn(URGENCY_WORDS, cell) ? URGENCY_WORDS[cell] : cell;
    case 'reporter.confidential': {
      const yes = Object.hasOwn(YES_NO, cell.toLowerCase()) ? YES_NO[cell.toLowerCase()] : undefined;
      if (yes === undefined) throw new RowError(field, `"${cell}" is neither 是 nor 否`);
      return yes;
    }
    case 'receivedAt': return receivedAt(cell);
    default: return cell;
  }
}

const DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]*/;
/** 09:30, 9:30:05; or 9时30分, 9时30分05秒 — each part apart from the next, so 9:305 is no time. */
const TIME = /^(?:(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?|(\d{1,2})时(\d{1,2})分(?:(\d{1,2})秒)?)$/;

/** 2026-11-20 09:30, 2026/11/20 9:30:05, 2026年11月20日 9时30分 (Beijing time), or ISO-8601 with its offset as given. */
export function receivedAt(cell: string): string {
  const date = DATE.exec(cell);
  const rest = date ? cell.slice(date[0].length) : '';
  const time = rest === '' ? [] : TIME.exec(rest);
  if (!date || !time) return cell; // an ISO-8601 date-time with offset, or wrong: the schema says which
  const [, y, mo, d] = date;
  const h = time[1] ?? time[4] ?? '0';
  const mi = time[2] ?? time[5] ?? '0';
  const sec = time[3] ?? time[6] ?? '0';
  const two = (n: string) => n.padStart(2, '0');
  return `${y}-${two(mo!)}-${two(d!)}T${two(h)}:${two(mi)}:${two(sec)}+08:00`;
}
