import type { Channel, Kind, Limits, Urgency } from '../catalogue/schema.js';
import type { Catalogue, District } from '../catalogue/types.js';
import { computeDueAt } from '../calendar/deadline.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { Classification } from '../classify/classify.js';
import type { DetectedDistrict } from '../classify/district.js';
import { type Office, officeFor } from './offices.js';
import { resolveLimits } from './time-limits.js';

export interface RoutingInput {
  catalogue: Catalogue;
  calendar: WorkingCalendar;
  classification: Classification;
  district: DetectedDistrict;
  channel: Channel;
  kind: Kind;
  urgency: Urgency;
  /** When the case is assigned (交办): the sign and reply limits run from here. */
  assignedAt: Date;
  /** When the channel received it: the acceptance limit (12369: 15 days) runs from here. */
  receivedAt: Date;
}

export interface RoutingDecision {
  district: { code: string; name: string; source: DetectedDistrict['source'] } | null;
  /** null when the case goes to triage. */
  lead: Office | null;
  cooperating: Office[];
  /** The district or zone government where the problem is (属地), informed of every case. */
  territorial: Office;
  limits: Limits;
  signDueAt: Date | null;
  replyDueAt: Date | null;
  acceptDueAt: Date | null;
  /** A due time ran into a year the official calendar does not cover yet. */
  provisional: boolean;
}

/** Lead and cooperating offices and due times for a classified complaint; pure, time passed in. */
export function routeComplaint(input: RoutingInput): RoutingDecision {
  const { catalogue, calendar, classification } = input;
  const district: District | null = input.district.district;
  const matter = classification.matter ? catalogue.mattersByCode.get(classification.matter.code) ?? null : null;
  const assign = classification.confident && matter !== null;
  const limits = resolveLimits(catalogue.timeLimits, {
    channel: input.channel, kind: input.kind, urgency: input.urgency,
    timeLimitClass: matter?.timeLimitClass ?? 'standard',
  });
  const accept = limits.accept ? computeDueAt(calendar, input.receivedAt, limits.accept) : null;
  const sign = assign ? computeDueAt(calendar, input.assignedAt, limits.sign) : null;
  const reply = assign ? computeDueAt(calendar, input.assignedAt, limits.reply) : null;
  return {
    district: district ? { code: district.code, name: district.name, source: input.district.source } : null,
    lead: assign ? officeFor(catalogue, matter.lead, district) : null,
    cooperating: assign ? matter.cooperating.map((code) => officeFor(catalogue, code, district)) : [],
    territorial: officeFor(catalogue, 'territorial', district),
    limits,
    signDueAt: sign?.dueAt ?? null,
    replyDueAt: reply?.dueAt ?? null,
    acceptDueAt: accept?.dueAt ?? null,
    provisional: Boolean(sign?.provisional || reply?.provisional || accept?.provisional),
  };
}
