import type { Principal } from '../auth/keys.js';
import { formatLocal } from '../calendar/local-time.js';
import type { Classification } from '../classify/classify.js';
import type { RoutingDecision } from '../routing/route.js';
import type { RepeatOf } from './repeats.js';
import { overdueOf } from './deadlines.js';
import { reporterVisibility } from './policies.js';
import type { AssignmentRow, CaseRow } from './repository.js';
import { maskAddress, maskEmail, maskName, maskPhone } from './reporter.js';

/** What is stored of the intake decision: the reasons, kept as answered. */
export interface StoredDecision {
  classification: Classification;
  routing: Pick<RoutingDecision, 'district' | 'territorial' | 'limits'>;
  /** The open case this one repeats (重复投诉), found at intake. */
  repeatOf?: RepeatOf | null;
}

const time = (d: Date | null) => (d ? formatLocal(d) : null);

const office = (a: AssignmentRow) => ({ department: a.department, name: a.officeName, district: a.districtCode });

export interface ViewOptions {
  /** The instant overdue is judged at: the service's clock, never the machine's, so tests and replays agree. */
  now: Date;
  /**
   * false: identity is shown to no one, as if the caller were a department. Only the single-case
   * read reveals identity, because only it records the access (lifecycle answers and work lists mask it).
   */
  revealReporter?: boolean | undefined;
}

/** A case as the API shows it to this caller: the offices holding it now, the reporter masked as the role requires. */
export function complaintView(row: CaseRow, holders: AssignmentRow[], viewer: Principal, options: ViewOptions) {
  const decision = row.decision as StoredDecision;
  const lead = holders.find((a) => a.role === 'lead');
  const { confident: _confident, ...stored } = decision.classification;
  // Decisions stored before sub-types and industries were classified carry neither.
  const classification = { ...stored, subTypes: stored.subTypes ?? [], industry: stored.industry ?? null };
  return {
    id: String(row.id),
    trackingCode: row.trackingCode,
    status: row.status,
    jurisdiction: row.jurisdiction,
    channel: row.channel,
    externalId: row.externalId,
    kind: row.kind,
    urgency: row.urgency,
    content: row.content,
    address: row.address,
    reportedEntity: row.reportedEntity,
    purpose: row.purpose,
    reporter: reporterView(row, viewer, options.revealReporter ?? true),
    receivedAt: formatLocal(row.receivedAt),
    createdAt: formatLocal(row.createdAt),
    updatedAt: formatLocal(row.updatedAt),
    classification,
    routing: {
      district: decision.routing.district,
      lead: lead ? office(lead) : null,
      cooperating: holders.filter((a) => a.role === 'cooperating').map(office),
      territorial: decision.routing.territorial,
      acceptDueAt: time(row.acceptDueAt),
      signDueAt: time(row.signDueAt),
      replyDueAt: time(row.replyDueAt),
      provisional: row.deadlinesProvisional,
      limits: decision.routing.limits,
    },
    handling: {
      signedAt: time(row.signedAt),
      repliedAt: time(row.repliedAt),
      closedAt: time(row.closedAt),
      reopenedAt: time(row.reopenedAt),
      reopenCount: row.reopenCount,
    },
    overdue: overdueOf(row, options.now),
    repeatOf: decision.repeatOf ?? null,
    version: row.version,
  };
}

/** The reporter as `viewer` may see them; `reveal: false` (lists) masks even for roles that may see the identity. */
export function reporterView(row: CaseRow, viewer: Principal, reveal: boolean) {
  const confidential = row.reporterConfidential;
  const allowContact = row.reporterAllowContact;
  let visibility = reporterVisibility(viewer, { confidential, allowContact });
  if (visibility === 'full' && !reveal) visibility = confidential ? 'hidden' : 'masked';
  if (visibility === 'full') {
    return { name: row.reporterName, phone: row.reporterPhone, email: row.reporterEmail, address: row.reporterAddress, confidential, allowContact, masked: false };
  }
  if (visibility === 'hidden') return { name: null, phone: null, email: null, address: null, confidential, allowContact, masked: true };
  return {
    name: row.reporterName ? maskName(row.reporterName) : null,
    phone: row.reporterPhone ? maskPhone(row.reporterPhone) : null,
    email: row.reporterEmail ? maskEmail(row.reporterEmail) : null,
    address: row.reporterAddress ? maskAddress(row.reporterAddress) : null,
    confidential,
    allowContact,
    masked: true,
  };
}
