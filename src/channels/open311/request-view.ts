import { citizenViewOf } from '../../cases/citizen-view.js';
import type { CaseRow } from '../../cases/repository.js';
import { STATES, type State } from '../../cases/transitions.js';
import type { Services } from '../../services.js';
import { coordinatesIn } from './location.js';
import { GENERAL_SERVICE } from './services.js';

/** Open311 knows two states: a case is closed once nothing more will be done on it here. */
const CLOSED_STATES = ['closed', 'rejected', 'merged'] as const;
export const OPEN311_STATUSES: Record<'open' | 'closed', readonly State[]> = {
  open: STATES.filter((s) => !(CLOSED_STATES as readonly State[]).includes(s)),
  closed: CLOSED_STATES,
};

/**
 * A case as an Open311 service request, for a key that may read it. It tells what the reporter's
 * lookup tells (status, office, due time, public reply, why it was not accepted) plus the text and
 * address the client sent; never the reporter, the internal notes or the measures taken.
 */
export function open311Request(services: Services, row: CaseRow) {
  const view = citizenViewOf(services, row);
  const decision = row.decision as { classification?: { matter?: { code: string; title: string } | null } };
  const matter = decision.classification?.matter ?? null;
  const at = coordinatesIn(row.address);
  return {
    service_request_id: row.trackingCode,
    status: (CLOSED_STATES as readonly string[]).includes(row.status) ? 'closed' : 'open',
    status_notes: statusNotes(view),
    service_name: matter?.title ?? GENERAL_SERVICE.name,
    service_code: matter?.code ?? GENERAL_SERVICE.code,
    description: row.content,
    agency_responsible: view.office,
    service_notice: view.replyDueAt ? `${view.statusLabel}，应于${view.replyDueAt.slice(0, 10)}前答复` : view.statusLabel,
    requested_datetime: view.receivedAt,
    updated_datetime: view.milestones.at(-1)?.at ?? view.receivedAt,
    expected_datetime: view.replyDueAt,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: at?.lat ?? null,
    long: at?.long ?? null,
    media_url: null,
  };
}

export type Open311Request = ReturnType<typeof open311Request>;

/** What has come of it, in the words the reporter's lookup uses. */
function statusNotes(view: ReturnType<typeof citizenViewOf>): string {
  if (view.rejection) return `不予受理：${view.rejection.reason}${view.rejection.guidance ? `。${view.rejection.guidance}` : ''}`;
  if (view.mergedInto) return `与同一问题的工单 ${view.mergedInto.trackingCode} 并案办理（${view.mergedInto.statusLabel}）${view.reply ? `：${view.reply.publicReply}` : ''}`;
  if (view.reply) return view.reply.publicReply;
  return view.statusLabel;
}
