import { migrateDatabase, openDatabase } from '../db/connection.js';
import { GroupCommit } from '../db/group-commit.js';
import { rememberCatalogueVersion } from './cases/repository.js';
import { loadOfficialCalendar } from './calendar/official.js';
import { recomputeProvisionalDeadlines } from './cases/commands/recompute-deadlines.js';
import { calendarDir, loadCatalogues } from './catalogue/registry.js';
import type { Config } from './config.js';
import type { Services } from './services.js';

/** Opens and migrates the database, loads and validates the catalogues and the calendar. Throws on an invalid catalogue. */
export function openServices(config: Config, clock: () => Date = () => new Date()): Services {
  const catalogues = loadCatalogues(config.rulesDir, config.jurisdictions);
  const calendar = loadOfficialCalendar(calendarDir(config.rulesDir));
  const db = openDatabase(config.databasePath, config.synchronous, config.checkpointPages);
  migrateDatabase(db);
  // The version table must hold every catalogue a case can name: store each loaded one once, here.
  for (const { catalogue } of catalogues.values()) rememberCatalogueVersion(db, catalogue.version, catalogue.code, catalogue.files, clock());
  // A calendar year added while the service was down (or running with the old calendar) takes effect here.
  recomputeProvisionalDeadlines({ db, calendar }, clock());
  return { db, writes: new GroupCommit(db), catalogues, calendar, clock };
}
