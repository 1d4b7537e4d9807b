import { inflateRawSync } from 'node:zlib';

/**
 * An .xlsx is a zip, and exceljs inflates every entry of it whole into memory (pictures included)
 * before reading a cell: a 200 KB file of zeros can ask for gigabytes. Before exceljs sees a
 * workbook, each entry is inflated here with a ceiling on what it may come to, so that neither the
 * sizes the archive declares nor the data behind them can go past `maxTotalBytes`. Returns the
 * uncompressed total, or the reason the file is refused.
 */
export function checkZipSizes(zip: Buffer, maxTotalBytes: number): { ok: true; total: number } | { ok: false; reason: string } {
  const end = findEndOfCentralDirectory(zip);
  if (end < 0) return { ok: false, reason: 'it is not a zip archive (an .xlsx is one)' };
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return { ok: false, reason: 'its zip directory is damaged' };
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const declared = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + nameLength + extraLength + commentLength;
    if (compressed === 0xffffffff || declared === 0xffffffff || local === 0xffffffff) return { ok: false, reason: 'it is a zip64 archive, far larger than a work-order export' };
    if (total + declared > maxTotalBytes) return { ok: false, reason: `it unpacks to more than ${maxTotalBytes} bytes` };
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) return { ok: false, reason: 'its zip entries are damaged' };
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    let size: number;
    if (method === 0) size = data.length;
    else if (method === 8) {
      try {
        // One byte more than allowed: an entry that inflates past its declared size is caught here, not in exceljs.
        size = inflateRawSync(data, { maxOutputLength: Math.min(declared, maxTotalBytes - total) + 1 }).length;
      } catch {
        return { ok: false, reason: `an entry unpacks to more than it declares or is damaged` };
      }
    } else return { ok: false, reason: `an entry uses compression method ${method}, which an .xlsx does not` };
    if (size > declared) return { ok: false, reason: 'an entry unpacks to more than it declares' };
    total += size;
  }
  return { ok: true, total };
}

/** The End of Central Directory record: within the last 64 KiB + 22 bytes (its comment is at most 64 KiB). */
function findEndOfCentralDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) return at;
  }
  return -1;
}
