import type { Principal } from '../auth/keys.js';
import { formatLocal } from '../calendar/local-time.js';
import type { Classification } from '../classify/classify.js';
import type { RoutingDecision } from '../routing/route.js';
import { seesReporterIdentity } from './policies.js';
import type { AssignmentRow, CaseRow } from './repository.js';
import { maskEmail, maskName, maskPhone } from './reporter.js';

/** What is stored of the intake decision: the reasons, kept as answered. */
export interface StoredDecision {
  classification: Classification;
  routing: Pick<RoutingDecision, 'district' | 'territorial' | 'limits'>;
}

const time = (d: Date | null) => (d ? formatLocal(d) : null);

const office = (a: AssignmentRow) => ({ department: a.department, name: a.officeName, district: a.districtCode });

/** A case as the API shows it to this caller: the offices holding it now, the reporter masked as the role requires. */
export function complaintView(row: CaseRow, holders: AssignmentRow[], viewer: Principal) {
  const decision = row.decision as StoredDecision;
  const lead = holders.find((a) => a.role === 'lead');
  const { confident: _confident, ...classification } = decision.classification;
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
    reporter: reporterView(row, viewer),
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
    version: row.version,
  };
}

function reporterView(row: CaseRow, viewer: Principal) {
  const confidential = row.reporterConfidential;
  if (seesReporterIdentity(viewer)) {
    return { name: row.reporterName, phone: row.reporterPhone, email: row.reporterEmail, confidential, masked: false };
  }
  if (confidential) return { name: null, phone: null, email: null, confidential, masked: true };
  return {
    name: row.reporterName ? maskName(row.reporterName) : null,
    phone: row.reporterPhone ? maskPhone(row.reporterPhone) : null,
    email: row.reporterEmail ? maskEmail(row.reporterEmail) : null,
    confidential,
    masked: true,
  };
}
