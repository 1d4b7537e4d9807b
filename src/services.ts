import type { Db } from '../db/connection.js';
import type { GroupCommit } from '../db/group-commit.js';
import type { CompiledCatalogue } from './catalogue/registry.js';
import type { WorkingCalendar } from './calendar/working-calendar.js';
import { invalidField } from './errors.js';

/** What commands need from the outside world; time is passed in so the core stays testable. */
export interface Services {
  db: Db;
  /** Intake writes share transactions (group commit): one fsync for every case of a turn. */
  writes: GroupCommit;
  catalogues: ReadonlyMap<string, CompiledCatalogue>;
  calendar: WorkingCalendar;
  clock: () => Date;
}

export function catalogueOf(services: Services, jurisdiction: string, field = 'jurisdiction'): CompiledCatalogue {
  const compiled = services.catalogues.get(jurisdiction);
  if (!compiled) throw invalidField(field, `"${jurisdiction}" is not a jurisdiction of this service; use ${[...services.catalogues.keys()].join(' or ')}`);
  return compiled;
}
