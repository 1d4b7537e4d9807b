import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../db/connection.js';
import { createKey, listKeys, revokeKey } from './auth/key-store.js';
import { ROLES, type Role } from './auth/keys.js';
import { openServices } from './bootstrap.js';
import { loadOfficialCalendar } from './calendar/official.js';
import { installCalendarYear } from './calendar/year-file.js';
import { recomputeProvisionalDeadlines } from './cases/commands/recompute-deadlines.js';
import { CatalogueError, loadCatalogue } from './catalogue/load.js';
import { calendarDir, compileCatalogue } from './catalogue/registry.js';
import { CHANNELS, DEPARTMENT_CODES } from './catalogue/schema.js';
import { loadConfig } from './config.js';
import { rebuildStatistics } from './stats/rebuild.js';
import { catalogueOf } from './services.js';
import { annualReport } from './stats/annual-report.js';
import { renderAnnualIndexHtml, renderAnnualReportHtml } from './stats/annual-report-html.js';

const USAGE = `hotline <command>

  migrate                                   create or upgrade the database (also done at start)
  keys create --role R --jurisdiction J [--channel C] [--department D] [--district X] [--label L]
                                            create an API key; the key is printed alone on the last line
  keys list                                 list keys (never their secrets)
  keys revoke ID                            revoke a key
  catalogue check [--jurisdiction J]        validate the catalogues and print their counts
  calendar add --file YEAR.yaml             add a year's official holidays and make-up days (rules/calendar/)
                                            and recompute the provisional due times of open cases
  report annual --jurisdiction J --year YYYY --out DIR
                                            write every department's yearly report (生态环境保护职责履行情况):
                                            DIR/<department>.html and DIR/<department>.json, and DIR/index.html
  stats rebuild                             rebuild the statistics projection and rollups from the cases

Run through npm: npm run hotline -- keys create --role operator --jurisdiction chongqing`;

class UsageError extends Error {}

function statsRebuild(config: ReturnType<typeof loadConfig>): number {
  const db = openDatabase(config.databasePath, config.synchronous);
  migrateDatabase(db);
  const calendar = loadOfficialCalendar(calendarDir(config.rulesDir));
  const cases = rebuildStatistics(db, calendar, (done) => console.log(`${done} cases projected`));
  console.log(`statistics rebuilt from ${cases} cases`);
  return 0;
}

function main(argv: string[]): number {
  const config = loadConfig();
  const [command, sub, ...rest] = argv;
  if (command === 'migrate') {
    const db = openDatabase(config.databasePath, config.synchronous);
    migrateDatabase(db);
    console.log(`database ${config.databasePath} is up to date`);
    return 0;
  }
  if (command === 'keys') return keys(config, sub, rest);
  if (command === 'catalogue' && sub === 'check') return catalogueCheck(config, rest);
  if (command === 'calendar' && sub === 'add') return calendarAdd(config, rest);
  if (command === 'report' && sub === 'annual') return reportAnnual(config, rest);
  if (command === 'stats' && sub === 'rebuild') return statsRebuild(config);
  console.error(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

function keys(config: ReturnType<typeof loadConfig>, sub: string | undefined, args: string[]): number {
  const db = openDatabase(config.databasePath, config.synchronous);
  migrateDatabase(db);
  if (sub === 'create') {
    const { values } = parseArgs({
      args, strict: true,
      options: {
        role: { type: 'string' }, jurisdiction: { type: 'string' }, channel: { type: 'string' },
        department: { type: 'string' }, district: { type: 'string' }, label: { type: 'string' },
      },
    });
    const role = values.role as Role;
    if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const jurisdiction = values.jurisdiction ?? null;
    if (jurisdiction === null && role !== 'admin') throw new UsageError('--jurisdiction is required for every role but admin');
    if (jurisdiction !== null && !config.jurisdictions.includes(jurisdiction)) throw new UsageError(`--jurisdiction must be one of ${config.jurisdictions.join(', ')}`);
    if (values.channel && !(CHANNELS as readonly string[]).includes(values.channel)) throw new UsageError(`--channel must be one of ${CHANNELS.join(', ')}`);
    if (values.channel && role !== 'operator') throw new UsageError('--channel applies to operator keys only');
    if (role === 'handler' && !values.department) throw new UsageError('a handler key needs --department');
    if (values.department && role !== 'handler') throw new UsageError('--department applies to handler keys only');
    if (values.department && !(DEPARTMENT_CODES as readonly string[]).includes(values.department)) throw new UsageError(`--department must be one of ${DEPARTMENT_CODES.join(', ')}`);
    let district: string | null = null;
    if (values.district) {
      if (role !== 'handler') throw new UsageError('--district applies to handler keys only');
      const catalogue = loadCatalogue(config.rulesDir, jurisdiction!);
      const found = catalogue.districtsByCode.get(values.district) ?? catalogue.districts.find((d) => d.name === values.district || d.aliases.includes(values.district!));
      if (!found) throw new UsageError(`--district ${values.district} is not a district of ${catalogue.name}`);
      district = found.code;
    }
    const key = createKey(db, { role, jurisdiction, channel: values.channel ?? null, department: values.department ?? null, district, label: values.label ?? null }, new Date());
    console.log(`created ${role} key ${key.id}${jurisdiction ? ` for ${jurisdiction}` : ''}${values.department ? `, department ${values.department}` : ''}${district ? `, district ${district}` : ''}; store it now, it is not shown again:`);
    console.log(key.secret);
    return 0;
  }
  if (sub === 'list') {
    for (const k of listKeys(db)) {
      console.log([k.id, k.role, k.jurisdiction ?? '*', k.channel ?? '-', k.department ?? '-', k.district ?? '-', k.revokedAt ? 'revoked' : 'active', k.label ?? ''].join('\t'));
    }
    return 0;
  }
  if (sub === 'revoke' && args[0]) {
    if (!revokeKey(db, args[0], new Date())) throw new UsageError(`no active key ${args[0]}`);
    console.log(`revoked key ${args[0]}`);
    return 0;
  }
  throw new UsageError(USAGE);
}

function catalogueCheck(config: ReturnType<typeof loadConfig>, args: string[]): number {
  const { values } = parseArgs({ args, strict: true, options: { jurisdiction: { type: 'string' } } });
  const codes = values.jurisdiction ? [values.jurisdiction] : config.jurisdictions;
  let failed = 0;
  for (const code of codes) {
    try {
      const compiled = compileCatalogue(loadCatalogue(config.rulesDir, code));
      const c = compiled.catalogue;
      const rules = c.matters.reduce((n, m) => n + m.rules.length, 0);
      console.log(`${code} (${c.name}) ok: ${c.departments.size} departments, ${c.districts.length} districts, ${c.matters.length} matters, ${rules} rules, ${compiled.classifier.index.automaton.terms.length} terms, ${(c.timeLimits.overrides ?? []).length} time-limit overrides, ${c.industries.length} industries; version ${c.version}`);
    } catch (error) {
      failed++;
      console.error(error instanceof CatalogueError ? `${code}: ${error.message}` : error);
    }
  }
  const calendar = loadOfficialCalendar(calendarDir(config.rulesDir));
  const years = calendar.coveredYears();
  console.log(`calendar: official working days ${years[0]}–${years[years.length - 1]}`);
  return failed === 0 ? 0 : 1;
}

function calendarAdd(config: ReturnType<typeof loadConfig>, args: string[]): number {
  const { values } = parseArgs({ args, strict: true, options: { file: { type: 'string' } } });
  if (!values.file) throw new UsageError('calendar add needs --file YEAR.yaml: year, holidays and workdays (make-up weekend days), dates as "YYYY-MM-DD"');
  const { year, target, replaced } = installCalendarYear(calendarDir(config.rulesDir), values.file);
  console.log(`${replaced ? 'replaced' : 'added'} the official calendar of ${year}: ${target}`);
  const db = openDatabase(config.databasePath, config.synchronous);
  migrateDatabase(db);
  const { checked, changed } = recomputeProvisionalDeadlines({ db, calendar: loadOfficialCalendar(calendarDir(config.rulesDir)) }, new Date());
  console.log(`recomputed ${checked} open case(s) with provisional due times: ${changed.length} changed${changed.length ? ` (${changed.join(', ')})` : ''}`);
  console.log('a running service reads the calendar at start: restart it to use the new year for new cases');
  return 0;
}

function reportAnnual(config: ReturnType<typeof loadConfig>, args: string[]): number {
  const { values } = parseArgs({ args, strict: true, options: { jurisdiction: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' } } });
  if (!values.jurisdiction || !config.jurisdictions.includes(values.jurisdiction)) throw new UsageError(`--jurisdiction must be one of ${config.jurisdictions.join(', ')}`);
  const year = Number(values.year);
  if (!values.year || !Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError('--year must be a year from 2000 to 2100');
  if (!values.out) throw new UsageError('--out DIR is required: the folder the reports are written to');
  const services = openServices(config);
  try {
    const { catalogue } = catalogueOf(services, values.jurisdiction);
    mkdirSync(values.out, { recursive: true });
    const write = (name: string, content: string) => {
      const file = join(values.out!, name);
      writeFileSync(file, content);
      console.log(`wrote ${file}`);
    };
    const reports = [...catalogue.departments.keys()].map((code) => {
      const report = annualReport(services, catalogue, code, year);
      write(`${code}.json`, `${JSON.stringify(report, null, 2)}\n`);
      write(`${code}.html`, renderAnnualReportHtml(report));
      return report;
    });
    write('index.html', renderAnnualIndexHtml(catalogue.name, year, reports));
    return 0;
  } finally {
    services.db.$client.close();
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof CatalogueError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error((error as Error).message);
    process.exitCode = 2;
  } else throw error;
}
