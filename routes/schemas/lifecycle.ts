import { Type } from '@sinclair/typebox';
import { DEPARTMENT_CODES, TIME_UNITS } from '../../src/catalogue/schema.js';
import { SATISFACTION } from '../../src/cases/commands/callback.js';
import { REJECT_REASONS } from '../../src/cases/reject-reasons.js';
import { SUBSTANTIATED } from '../../src/cases/commands/reply.js';
import { TRANSFER_KINDS } from '../../src/cases/commands/transfer.js';
import { REVIEW_OUTCOMES } from '../../src/cases/commands/review.js';
import { DateTime, Nullable, NullableDateTime, NullableNumber, NullableString, StringEnum } from './common.js';
import { ReporterView, Suggestion } from './complaints.js';

const NoControl = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
const text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: NoControl, description });
const Department = StringEnum(DEPARTMENT_CODES);

/** The query of the dispatchers' and supervisors' work lists: a jurisdiction (admins), a page size, the cursor. */
const PAGE_QUERY = {
  jurisdiction: Type.Optional(Type.String({ maxLength: 32 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 64, pattern: '^[0-9]+$', description: 'nextCursor of the previous page' })),
};

/** What every work list says of a case before its own fields. */
const LIST_HEAD = {
  id: Type.String(),
  trackingCode: Type.String(),
  jurisdiction: Type.String(),
  channel: Type.String(),
};
const DistrictRef = Nullable(Type.Object({ code: Type.String(), name: Type.String() }));

export const CaseParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'case id' }) });
export const ExtensionParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'case id' }),
  extensionId: Type.String({ pattern: '^[0-9]{1,15}$', description: 'extension id, from the answer to the extension request' }),
});

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({
    maxLength: 100,
    description: 'the ETag the caller last saw ("<version>" from an action, "<version>-<digest>" from GET /complaints/:id; only the version is compared); a stale one gets 412 VERSION_MISMATCH. Without it the action applies to the current version.',
  })),
});

export const AssignBody = Type.Object({
  lead: Department,
  cooperating: Type.Optional(Type.Array(Department, { maxItems: 10, description: '配合部门; offices in the case\'s district' })),
}, { additionalProperties: false });

export const ReassignBody = Type.Object({
  lead: Department,
  cooperating: Type.Optional(Type.Array(Department, { maxItems: 10 })),
  reason: text(1000, '改派理由'),
}, { additionalProperties: false });

export const RejectBody = Type.Object({
  reason: StringEnum(REJECT_REASONS),
  guidance: text(1000, 'what the reporter is told: the right channel or what is missing'),
}, { additionalProperties: false });

export const EmptyBody = Type.Object({}, { additionalProperties: false });

export const ReturnBody = Type.Object({ reason: text(1000, '退单理由') }, { additionalProperties: false });

export const ReissueAccessCodeBody = Type.Object({
  reason: text(500, 'how the caller was recognised as the reporter, e.g. 来电人报出姓名和手机号，与登记一致'),
}, { additionalProperties: false });

export const ContentBody = Type.Object({ content: text(5000, 'text, 1–5,000 characters') }, { additionalProperties: false });

export const ReplyBody = Type.Object({
  result: text(5000, '办理结果'),
  substantiated: StringEnum(SUBSTANTIATED),
  measures: text(5000, '处理措施'),
  publicReply: text(5000, '答复内容: what the reporter and the public may read'),
  internalNotes: Type.Optional(text(5000, '内部说明: staff only')),
  documentId: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'the attachment (kind reply-document) holding the signed reply document (答复意见书); required for the channels the catalogue names (12369)' })),
}, { additionalProperties: false });

export const UnmergeBody = Type.Object({
  reason: text(1000, '撤销理由: why the report is not the same problem; told to the office of the case it leaves'),
}, { additionalProperties: false });

export const ExtensionBody = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 365, description: 'in the unit of the case\'s extension limit (routing.limits.extension.unit)' }),
  reason: text(1000, '延期理由: once approved it is told to the reporter (mail and citizen lookup), so write it for them'),
}, { additionalProperties: false });

export const ExtensionDecisionBody = Type.Object({
  approve: Type.Boolean(),
  note: Type.Optional(text(1000, '审批意见')),
}, { additionalProperties: false });

export const CallbackBody = Type.Object({
  resolved: Type.Boolean({ description: '问题是否解决' }),
  satisfaction: StringEnum(SATISFACTION),
  note: Type.Optional(text(1000, '回访记录')),
}, { additionalProperties: false });

export const TransferBody = Type.Object({
  to: Department,
  kind: StringEnum(TRANSFER_KINDS),
  reason: text(1000, '移交理由: why this office cannot handle it, or the suspected crime; the receiving office reads it'),
}, { additionalProperties: false });

export const ReferArbitrationBody = Type.Object({
  reason: text(1000, '提请会商理由: why no department will lead (returned by …, not in the catalogue, …)'),
}, { additionalProperties: false });

export const ArbitrateBody = Type.Object({
  lead: Department,
  cooperating: Type.Optional(Type.Array(Department, { maxItems: 10, description: '配合部门; offices in the case\'s district' })),
  opinion: text(2000, '会商意见: the consultation\'s reasons for the lead, recorded and read by the offices'),
}, { additionalProperties: false });

export const ReviewRequestBody = Type.Object({
  reason: text(2000, '复查理由: what the reporter disputes in the handling'),
}, { additionalProperties: false });

export const ReviewDecisionBody = Type.Object({
  outcome: StringEnum(REVIEW_OUTCOMES),
  opinion: text(5000, '复查意见, sent to the reporter'),
}, { additionalProperties: false });

export const ReviewQuery = Type.Object({
  ...PAGE_QUERY,
  overdue: Type.Optional(Type.Boolean({ description: 'only reviews past (true) or within (false) their answer time' })),
}, { additionalProperties: false });

export const ReviewPage = Type.Object({
  items: Type.Array(Type.Object({
    ...LIST_HEAD,
    receivedAt: DateTime,
    content: Type.String(),
    district: DistrictRef,
    requestedAt: NullableDateTime,
    reason: Type.String({ description: 'what the reporter disputes' }),
    reviewDueAt: NullableDateTime,
    overdue: Type.Boolean(),
  })),
  nextCursor: NullableString(),
});

export const MergeBody = Type.Object({
  into: Type.String({
    minLength: 1, maxLength: 40, pattern: NoControl,
    description: 'the open case this report joins: its id (e.g. "42") or its tracking code (e.g. "CQ-20261122-7K3M9Q"), read as typed: full-width, spaces, dash look-alikes, lower case, O/I/L for 0/1 in the random part',
  }),
  note: Type.Optional(text(1000, '并单说明: why the two reports are the same problem (staff only)')),
}, { additionalProperties: false });

export const CloseBody = Type.Object({ note: Type.Optional(text(1000, '核查意见')) }, { additionalProperties: false });

export const CaseEvent = Type.Object({
  id: Type.String(),
  at: DateTime,
  actor: Type.Object({
    keyId: NullableString(),
    role: Type.String({ description: 'operator, handler, supervisor, admin, system, or reporter (the citizen on the public pages, keyId reporter:<tracking code>)' }),
  }),
  action: Type.String(),
  fromState: NullableString(),
  toState: NullableString(),
  payload: Type.Object({}, { additionalProperties: true }),
});

export const Extension = Type.Object({
  id: Type.String(),
  days: Type.Integer(),
  unit: StringEnum(TIME_UNITS),
  reason: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
  requestedAt: DateTime,
  decidedAt: NullableDateTime,
  note: NullableString(),
  previousDueAt: NullableDateTime,
  newDueAt: NullableDateTime,
});

export const ActionResult = Type.Object({
  complaint: Type.Ref('Complaint', { description: 'the case after the action; reporter identity masked (read the case to see it, which is recorded)' }),
  events: Type.Array(CaseEvent, { description: 'the events this action appended' }),
  extension: Type.Optional(Extension),
  accessCode: Type.Optional(Type.String({ description: '补发提取码 only: the new access code, shown this once and stored hashed' })),
});

export const EventList = Type.Object({ items: Type.Array(CaseEvent) });

const Office = Type.Object({ department: Type.String(), name: Type.String(), district: NullableString() });

export const TriageQuery = Type.Object(PAGE_QUERY, { additionalProperties: false });

export const TriagePage = Type.Object({
  items: Type.Array(Type.Object({
    ...LIST_HEAD,
    urgency: Type.String(),
    receivedAt: DateTime,
    acceptDueAt: NullableDateTime,
    content: Type.String(),
    address: NullableString(),
    district: DistrictRef,
    confidence: Type.Number(),
    suggestions: Type.Array(Suggestion, { description: 'the classifier\'s top candidates, best first' }),
    lastReturn: Nullable(Type.Object({ at: DateTime, office: Nullable(Office), reason: Type.String() })),
    returnCount: Type.Integer({ description: 'how many offices returned it (退单); a lead nobody takes is for 会商 (refer-arbitration)' }),
  })),
  nextCursor: NullableString(),
});

export const QUEUE_BUCKETS = ['to_sign', 'in_progress', 'due_soon', 'overdue'] as const;

export const QueueQuery = Type.Object({
  department: Type.Optional(Department),
  district: Type.Optional(Type.String({ maxLength: 50, description: 'district of the office, code or name (500103, 渝中区, 渝中); omit for the city-level office' })),
  bucket: Type.Optional(StringEnum(QUEUE_BUCKETS)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}, { additionalProperties: false });

export const QueuePage = Type.Object({
  office: Type.Object({ department: Type.String(), district: NullableString() }),
  counts: Type.Object({ toSign: Type.Integer(), inProgress: Type.Integer(), dueSoon: Type.Integer(), overdue: Type.Integer() }),
  items: Type.Array(Type.Object({
    id: Type.String(),
    trackingCode: Type.String(),
    status: Type.String(),
    role: Type.Union([Type.Literal('lead'), Type.Literal('cooperating')]),
    bucket: Type.Union([Type.Literal('to_sign'), Type.Literal('in_progress')]),
    urgency: Type.String(),
    matter: Nullable(Type.Object({ code: Type.String(), title: Type.String() })),
    district: NullableString(),
    receivedAt: DateTime,
    signDueAt: NullableDateTime,
    replyDueAt: NullableDateTime,
    dueAt: NullableDateTime,
    dueSoon: Type.Boolean({ description: 'due within 24 hours and not yet overdue' }),
    overdue: Type.Boolean(),
    overdueByHours: NullableNumber(),
    excerpt: Type.String(),
  })),
});

export const CallbackQuery = Type.Object({
  jurisdiction: Type.Optional(Type.String({ maxLength: 32 })),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only callbacks past their due time; false: only those still in time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}, { additionalProperties: false });

export const CallbackPage = Type.Object({
  counts: Type.Object({ awaiting: Type.Integer(), overdue: Type.Integer() }),
  items: Type.Array(Type.Object({
    id: Type.String(),
    trackingCode: Type.String(),
    channel: Type.String(),
    round: Type.Integer({ description: '1 for the first reply, 2 after one reopen, …' }),
    matter: Nullable(Type.Object({ code: Type.String(), title: Type.String() })),
    district: NullableString(),
    office: Type.String({ description: 'the office that replied' }),
    repliedAt: DateTime,
    publicReply: Type.String({ description: 'what the reporter is asked about' }),
    callbackDueAt: DateTime,
    overdue: Type.Boolean(),
    reachable: Type.Boolean({ description: 'a phone or e-mail is on file; without one a supervisor may close the case uncalled' }),
    reporter: ReporterView,
  })),
});

export const ArbitrationQuery = TriageQuery;

export const ArbitrationPage = Type.Object({
  items: Type.Array(Type.Object({
    ...LIST_HEAD,
    urgency: Type.String(),
    receivedAt: DateTime,
    referredAt: NullableDateTime,
    reason: Type.String({ description: 'why it was referred' }),
    content: Type.String(),
    address: NullableString(),
    reportedEntity: NullableString(),
    district: DistrictRef,
    returns: Type.Array(Type.Object({ at: DateTime, office: Nullable(Office), reason: Type.String() }), { description: 'every return (退单) before the referral, oldest first' }),
    suggestions: Type.Array(Suggestion, { description: 'the classifier\'s top candidates, best first' }),
  })),
  nextCursor: NullableString(),
});
