import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { ApiError } from '../../errors.js';
import { formatLocal } from '../../calendar/local-time.js';
import { checkZipSizes } from './zip-limits.js';

/** A work-order export as rows of text, each with its line in the file (its row in the sheet); blank rows left out. */
export interface Sheet {
  rows: Array<{ line: number; cells: string[] }>;
}

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const invalidFile = (message: string) => new ApiError(400, 'INVALID_IMPORT_FILE', message);

/**
 * A CSV export, in UTF-8 (with or without the byte-order mark) or in GB18030/GBK, which Excel on a
 * Chinese Windows writes: a file that is not valid UTF-8 is read as GB18030. Every cell stays text,
 * so a phone number keeps its leading zero and a work-order number is never read as a date.
 */
export function readCsv(body: Buffer, maxRows: number): Sheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = new TextDecoder('gb18030').decode(body);
  }
  // A file of millions of tiny lines is refused before it is parsed (parsing holds the service's one
  // thread): 5,000 work orders of forty lines each still pass.
  const lineCount = lineBreaks(text);
  if (lineCount > maxRows * 40) throw invalidFile(`the file has ${lineCount} lines; send at most ${maxRows} work orders per file`);
  let records: Array<{ record: string[]; raw: string }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true, skip_empty_lines: true, bom: true, raw: true, record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as typeof records;
  } catch (error) {
    throw invalidFile(`the CSV file cannot be read: ${(error as Error).message}`);
  }
  // A record's line is counted here from the text it took (raw: the blank lines before it, its own
  // line breaks inside quoted cells), CRLF, LF and CR alike.
  let consumed = 0;
  return sheetOf(records.map(({ record, raw }) => {
    const line = consumed + lineBreaks(/^(?:\r\n|\r|\n)*/.exec(raw)![0]) + 1;
    consumed += lineBreaks(raw);
    return { line, cells: record };
  }));
}

const lineBreaks = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length;

/**
 * What a workbook may unpack to. A day's export of 5,000 work orders is a few megabytes of XML; the
 * ceiling keeps exceljs, which holds the whole workbook in memory, to some hundred megabytes at worst.
 */
export const MAX_XLSX_UNPACKED_BYTES = 24 * 1024 * 1024;
/** Columns read from a row: a work-order export has a few dozen; a stray cell far to the right is not read. */
export const MAX_COLUMNS = 200;

/** The first worksheet of an Excel workbook (.xlsx); dates become Beijing date-times, numbers their digits. */
export async function readXlsx(body: Buffer, maxRows: number): Promise<Sheet> {
  const sizes = checkZipSizes(body, MAX_XLSX_UNPACKED_BYTES);
  if (!sizes.ok) throw invalidFile(`the Excel file cannot be read: ${sizes.reason}`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch (error) {
    throw invalidFile(`the Excel file cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalidFile('the Excel file has no worksheet');
  if (sheet.actualRowCount > maxRows + HEADER_SEARCH_ROWS) throw tooManyRows(sheet.actualRowCount, maxRows);
  const records: Array<{ line: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => { if (column <= MAX_COLUMNS) cells[column - 1] = cellText(cell.value); });
    records.push({ line, cells: Array.from(cells, (c) => c ?? '') });
  });
  return sheetOf(records);
}

/**
 * A cell as the text it shows. Excel keeps a date as the wall-clock time it shows, which exceljs
 * hands over as that time in UTC: it is the time in Beijing, where the export was made.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatLocal(new Date(value.getTime() - 8 * 3_600_000));
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  // A hyperlink shows its text, itself plain or rich.
  if ('hyperlink' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
  // A formula shows its saved result; one saved without (written by a program that does not compute) shows nothing.
  if ('formula' in value || 'sharedFormula' in value) return cellText(((value as { result?: unknown }).result ?? null) as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}

/** Rows above the header a file may have: a title (often a merged cell), a date, a unit. */
export const HEADER_SEARCH_ROWS = 5;

const tooManyRows = (rows: number, maxRows: number) => invalidFile(`the file has ${rows} rows; send at most ${maxRows} work orders per file`);

function sheetOf(records: Array<{ line: number; cells: string[] }>): Sheet {
  const rows = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw invalidFile('the file is empty: it needs a header row and a row per work order');
  return { rows };
}
