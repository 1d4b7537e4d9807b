import type { Channel, Kind, Urgency } from '../catalogue/schema.js';
import type { CompiledCatalogue } from '../catalogue/registry.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { type Classification, classify } from '../classify/classify.js';
import { detectDistrict, resolveDistrictField } from '../classify/district.js';
import { invalidField } from '../errors.js';
import { type RoutingDecision, routeComplaint } from './route.js';

export interface ComplaintFacts {
  channel: Channel;
  kind: Kind;
  urgency: Urgency;
  content: string;
  address?: string | undefined;
  district?: string | undefined;
  reportedEntity?: string | undefined;
  receivedAt: Date;
}

export interface Decision {
  classification: Classification;
  routing: RoutingDecision;
}

/**
 * Classification and routing of one complaint, shared by intake and the dry-run classify endpoint.
 * The reported entity's name helps classification (化工厂, 养殖场), so it is classified with the content.
 */
export function decideComplaint(compiled: CompiledCatalogue, calendar: WorkingCalendar, facts: ComplaintFacts, now: Date): Decision {
  let district;
  if (facts.district !== undefined) {
    district = resolveDistrictField(compiled.districts, facts.district);
    if (!district) throw invalidField('district', `"${facts.district}" is not a district of ${compiled.catalogue.name}; give its code or name`);
  }
  // The entity is classified with the content, after a full stop that normalising keeps: no term, and no
  // industry's landmark word (南岸区… after 化工厂), reaches across from one into the other.
  const text = facts.reportedEntity ? `${facts.content}\n。${facts.reportedEntity}` : facts.content;
  const classification = classify(compiled.classifier, text);
  const detected = detectDistrict(compiled.districts, { district, address: facts.address, content: facts.content });
  const routing = routeComplaint({
    catalogue: compiled.catalogue, calendar, classification, district: detected,
    channel: facts.channel, kind: facts.kind, urgency: facts.urgency,
    assignedAt: now, receivedAt: facts.receivedAt,
  });
  return { classification, routing };
}
