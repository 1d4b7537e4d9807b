import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { ApiError } from '../../errors.js';
import { formatLocal } from '../../calendar/local-time.js';

/** A work-order export as rows of text: the header and each data row with its number in the file. */
export interface Sheet {
  header: string[];
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
export function readCsv(body: Buffer): Sheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = new TextDecoder('gb18030').decode(body);
  }
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    throw invalidFile(`the CSV file cannot be read: ${(error as Error).message}`);
  }
  return sheetOf(records.map((cells, i) => ({ line: i + 1, cells })));
}

/** The first worksheet of an Excel workbook (.xlsx); dates become Beijing date-times, numbers their digits. */
export async function readXlsx(body: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch (error) {
    throw invalidFile(`the Excel file cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalidFile('the Excel file has no worksheet');
  const records: Array<{ line: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => { cells[column - 1] = cellText(cell.value); });
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
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

function sheetOf(records: Array<{ line: number; cells: string[] }>): Sheet {
  const rows = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...data] = rows;
  if (!header) throw invalidFile('the file is empty: it needs a header row and a row per work order');
  return { header: header.cells.map((c) => c.trim()), rows: data };
}
