/**
 * A report's coordinates, kept in the case's address as the office reads them (nothing here turns
 * coordinates into a place), and read back from there for Open311's lat and long.
 */
export function coordinatesText(lat: number, long: number): string {
  return `坐标：纬度 ${lat}，经度 ${long}`;
}

/** Only as the last part of the address, where request-input.ts writes them after the client's own text. */
const COORDINATES = /(?:^|；)坐标：纬度 (-?\d{1,3}(?:\.\d+)?)，经度 (-?\d{1,3}(?:\.\d+)?)$/;

export function coordinatesIn(address: string | null): { lat: number; long: number } | null {
  const found = address === null ? null : COORDINATES.exec(address);
  return found ? { lat: Number(found[1]), long: Number(found[2]) } : null;
}
