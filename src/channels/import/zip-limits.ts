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
  const directory = readDirectory(zip, end);
  if ('reason' in directory) return { ok: false, reason: directory.reason };
  let total = 0;
  for (const entry of directory.entries) {
    const { method, compressed, declared, local } = entry;
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
        return { ok: false, reason: 'an entry unpacks to more than it declares or is damaged' };
      }
    } else return { ok: false, reason: `an entry uses compression method ${method}, which an .xlsx does not` };
    if (size > declared) return { ok: false, reason: 'an entry unpacks to more than it declares' };
    total += size;
  }
  return { ok: true, total };
}

interface DirectoryEntry { method: number; compressed: number; declared: number; local: number }

/**
 * The central directory, read so that it can only be the one exceljs's zip reader (JSZip) reads:
 * JSZip walks records while their signature matches, whatever count the end record gives; switches
 * to zip64 when any end-record field is at its maximum; and shifts every offset when the directory
 * does not end where the end record begins. Each of those is refused here instead of followed, so
 * that the entries checked are exactly the entries unpacked.
 */
function readDirectory(zip: Buffer, end: number): { entries: DirectoryEntry[] } | { reason: string } {
  const disk = zip.readUInt16LE(end + 4);
  const directoryDisk = zip.readUInt16LE(end + 6);
  const onDisk = zip.readUInt16LE(end + 8);
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if ([disk, directoryDisk, onDisk, count].includes(0xffff) || size === 0xffffffff || offset === 0xffffffff) {
    return { reason: 'it is a zip64 archive, far larger than a work-order export' };
  }
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== count) return { reason: 'it is a multi-part zip archive' };
  if (offset + size !== end) return { reason: 'its zip directory is not where the archive says' };
  const entries: DirectoryEntry[] = [];
  let at = offset;
  while (at + 4 <= end && zip.readUInt32LE(at) === 0x02014b50) {
    if (at + 46 > end) return { reason: 'its zip directory is damaged' };
    const compressed = zip.readUInt32LE(at + 20);
    const declared = zip.readUInt32LE(at + 24);
    const local = zip.readUInt32LE(at + 42);
    if (compressed === 0xffffffff || declared === 0xffffffff || local === 0xffffffff) return { reason: 'it is a zip64 archive, far larger than a work-order export' };
    entries.push({ method: zip.readUInt16LE(at + 10), compressed, declared, local });
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  if (at !== end || entries.length !== count) return { reason: 'its zip directory does not hold the entries it declares' };
  return { entries };
}

/** The End of Central Directory record: within the last 64 KiB + 22 bytes (its comment is at most 64 KiB). */
function findEndOfCentralDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === 0x06054b50) return at;
  }
  return -1;
}
