import { migrateDatabase, openDatabase } from '../db/connection.js';
import { loadOfficialCalendar } from './calendar/official.js';
import { calendarDir, loadCatalogues } from './catalogue/registry.js';
import type { Config } from './config.js';
import type { Services } from './services.js';

/** Opens and migrates the database, loads and validates the catalogues and the calendar. Throws on an invalid catalogue. */
export function openServices(config: Config, clock: () => Date = () => new Date()): Services {
  const catalogues = loadCatalogues(config.rulesDir, config.jurisdictions);
  const calendar = loadOfficialCalendar(calendarDir(config.rulesDir));
  const db = openDatabase(config.databasePath, config.synchronous);
  migrateDatabase(db);
  return { db, catalogues, calendar, clock };
}
