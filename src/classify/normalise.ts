import * as OpenCC from 'opencc-js/t2cn';

/**
 * Text normalisation for keyword matching: full-width → half-width, traditional → simplified,
 * upper → lower case, whitespace removed. One lookup table over UTF-16 code units, so
 * normalising a 200-character complaint is a single pass with no allocation per character.
 */

const DROP = 0xffff;

function buildTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = c;
  // Full-width ASCII (！ to ～) to half-width.
  for (let c = 0xff01; c <= 0xff5e; c++) table[c] = c - 0xfee0;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c + 0x20;
  for (let c = 0xff21; c <= 0xff3a; c++) table[c] = c - 0xfee0 + 0x20;
  const spaces = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, DROP];
  for (let c = 0x2000; c <= 0x200b; c++) spaces.push(c);
  for (const c of spaces) table[c] = DROP;
  addTraditionalToSimplified(table);
  return table;
}

/**
 * Character-level traditional → simplified mapping taken from OpenCC's dictionaries once at start.
 * Phrase-level conversion is not needed to match keywords and would cost ~16 µs per complaint.
 */
function addTraditionalToSimplified(table: Uint16Array): void {
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
  const chars: string[] = [];
  const ranges: Array<[number, number]> = [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]];
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));
  // One converter call over newline-separated characters: phrases cannot span a newline.
  const converted = convert(chars.join('\n')).split('\n');
  if (converted.length !== chars.length) return;
  for (let i = 0; i < chars.length; i++) {
    const out = converted[i]!;
    if (out.length === 1 && out !== chars[i]) table[chars[i]!.charCodeAt(0)] = out.charCodeAt(0);
  }
}

const TABLE = buildTable();

export function normalise(text: string): string {
  const length = text.length;
  const out = new Array<number>(length);
  let n = 0;
  for (let i = 0; i < length; i++) {
    const mapped = TABLE[text.charCodeAt(i)]!;
    if (mapped !== DROP) out[n++] = mapped;
  }
  out.length = n;
  // Chunked to stay under the engine's argument limit for very long texts.
  let result = '';
  for (let i = 0; i < n; i += 4096) result += String.fromCharCode.apply(null, out.slice(i, i + 4096));
  return result;
}
