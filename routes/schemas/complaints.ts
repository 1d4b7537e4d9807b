import { Type, type Static } from '@sinclair/typebox';
import { CHANNELS, DEPARTMENT_CODES, KINDS, POLLUTION_SUBTYPE_CODES, POLLUTION_TYPES, URGENCIES } from '../../src/catalogue/schema.js';
import { DateTime, NullableDateTime, NullableNumber, NullableObject, NullableString, StringEnum } from './common.js';
import { STATES } from '../../src/cases/transitions.js';
import { ATTACHMENT_KINDS } from '../../src/cases/attachments.js';

const NoControl = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
const text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, pattern: NoControl, description });

export const Reporter = Type.Object({
  name: Type.Optional(text(50, '报告人姓名')),
  phone: Type.Optional(Type.String({
    pattern: '^\\+?[0-9][0-9 -]{4,30}$',
    description: 'a phone number of ASCII digits, spaces and dashes, e.g. 13812345678 or 023-6386 1234',
  })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'an e-mail address' })),
  address: Type.Optional(text(200, '住址或单位: the reporter\'s address or work unit (identity: masked and hidden as name and phone are)')),
  confidential: Type.Optional(Type.Boolean({ description: '举报人信息保密: never shown to departments' })),
  allowContact: Type.Optional(Type.Boolean({ description: '同意承办部门联系: the handling department sees name and phone unmasked; default false' })),
}, { additionalProperties: false });

export const ComplaintBody = Type.Object({
  jurisdiction: Type.String({ minLength: 1, maxLength: 32, description: 'catalogue: chongqing or shanghai' }),
  channel: StringEnum(CHANNELS),
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: NoControl, description: "the channel's own work-order id" })),
  receivedAt: Type.Optional(Type.String({ format: 'date-time', description: 'when the channel received it (ISO-8601 with offset); default now' })),
  kind: Type.Optional(StringEnum(KINDS)),
  urgency: Type.Optional(StringEnum(URGENCIES)),
  content: text(5000, 'the complaint as the reporter told it, 1–5,000 characters'),
  address: Type.Optional(text(500, 'where the problem is')),
  district: Type.Optional(text(50, 'district code or name (500103, 渝中区, 渝中)')),
  reportedEntity: Type.Optional(text(200, '被举报单位')),
  purpose: Type.Optional(text(500, '诉求目的: what the reporter asks for, e.g. 要求依法查处并停止夜间施工')),
  reporter: Type.Optional(Reporter),
}, { additionalProperties: false });
export type ComplaintBody = Static<typeof ComplaintBody>;

const Office = Type.Object({
  department: StringEnum(DEPARTMENT_CODES),
  name: Type.String(),
  district: NullableString(),
});

export const Suggestion = Type.Object({
  matter: Type.Object({ code: Type.String(), title: Type.String() }),
  lead: StringEnum(DEPARTMENT_CODES),
  score: Type.Number(),
  basis: StringEnum(['keywords', 'similarity'] as const),
  matchedTerms: Type.Array(Type.String()),
});

export const ClassificationView = Type.Object({
  matter: NullableObject(Type.Object({ code: Type.String(), title: Type.String() })),
  pollutionTypes: Type.Array(StringEnum(POLLUTION_TYPES)),
  subTypes: Type.Array(StringEnum(POLLUTION_SUBTYPE_CODES), { description: '二级分类 of the matter (12369 statistics); empty without a matter' }),
  industry: NullableObject(Type.Object({
    code: Type.String(), title: Type.String(),
    basis: StringEnum(['matter', 'keywords'] as const, { description: 'matter: the matter names its industry; keywords: terms of the text did' }),
    matchedTerms: Type.Array(Type.String()),
  }), { description: '行业 of the entity complained about; null when nothing names one' }),
  confidence: Type.Number(),
  matchedTerms: Type.Array(Type.String()),
  suggestions: Type.Array(Suggestion),
  catalogueVersion: Type.String(),
});

export const RoutingView = Type.Object({
  district: NullableObject(Type.Object({
    code: Type.String(), name: Type.String(),
    source: StringEnum(['field', 'address', 'content', 'none'] as const),
  })),
  lead: NullableObject(Office),
  cooperating: Type.Array(Office),
  territorial: Office,
  acceptDueAt: NullableDateTime,
  signDueAt: NullableDateTime,
  replyDueAt: NullableDateTime,
  provisional: Type.Boolean({ description: 'a due time runs into a year the official calendar does not cover yet' }),
  limits: Type.Record(Type.String(), Type.Object({ value: Type.Integer(), unit: Type.String(), maxCount: Type.Optional(Type.Integer()) })),
});

export const DecisionView = Type.Object({
  status: StringEnum(['assigned', 'triage'] as const),
  classification: ClassificationView,
  routing: RoutingView,
});

/** The reporter as the caller may see them (masked in lists). */
export const ReporterView = Type.Object({
  name: NullableString(),
  phone: NullableString(),
  email: NullableString(),
  address: NullableString({ description: '住址或单位; masked to its first characters when identity is masked' }),
  confidential: Type.Boolean(),
  allowContact: Type.Boolean(),
  masked: Type.Boolean({ description: 'whether identity fields were masked for the caller' }),
});

export const ComplaintView = Type.Object({
  id: Type.String(),
  trackingCode: Type.String(),
  accessCode: Type.Optional(Type.String({ description: 'only in the 201 answer to the intake; stored hashed' })),
  status: Type.String(),
  jurisdiction: Type.String(),
  channel: Type.String(),
  externalId: NullableString(),
  kind: Type.String(),
  urgency: Type.String(),
  content: Type.String(),
  address: NullableString(),
  reportedEntity: NullableString(),
  purpose: NullableString({ description: '诉求目的' }),
  reporter: ReporterView,
  receivedAt: DateTime,
  createdAt: DateTime,
  updatedAt: DateTime,
  classification: ClassificationView,
  routing: RoutingView,
  handling: Type.Object({
    signedAt: NullableDateTime,
    repliedAt: NullableDateTime,
    closedAt: NullableDateTime,
    reopenedAt: NullableDateTime,
    reopenCount: Type.Integer({ description: '重办 rounds so far' }),
  }),
  overdue: Type.Object({
    sign: Type.Boolean({ description: 'not signed and past signDueAt' }),
    reply: Type.Boolean({ description: 'not replied and past replyDueAt' }),
    byHours: NullableNumber({ description: 'hours past the earliest missed due time' }),
  }, { description: 'computed from the due times at the time of the request, never stored' }),
  repeatOf: NullableObject(Type.Object({ id: Type.String(), trackingCode: Type.String(), similarity: Type.Number() }), { description: '重复投诉: the open case of the same matter and district with similar text, found at intake' }),
  merge: Type.Optional(Type.Object({
    into: NullableObject(Type.Object({ id: Type.String(), trackingCode: Type.String() }), { description: 'for a merged report: the case carrying it (the end of a chain of merges)' }),
    reports: Type.Array(Type.Object({ id: Type.String(), trackingCode: Type.String() }), { description: 'the reports merged into this case, oldest first' }),
  }, { description: '并单, in GET /complaints/:id only (lists and action answers leave it out)' })),
  attachments: Type.Optional(Type.Array(Type.Object({
    id: Type.String(), kind: StringEnum(ATTACHMENT_KINDS), filename: Type.String(), size: Type.Integer(), uploadedAt: Type.String(),
  }), { description: '附件 on the record, oldest first (the reply document among them), in GET /complaints/:id only; the files themselves at …/attachments/:attachmentId' })),
  version: Type.Integer({ description: 'also sent as the ETag; send it back as If-Match on actions' }),
}, { $id: 'Complaint' });
export type ComplaintView = Static<typeof ComplaintView>;

const ReceivedBound = '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}))?$';

export const ComplaintListQuery = Type.Object({
  status: Type.Optional(StringEnum(STATES)),
  department: Type.Optional(StringEnum(DEPARTMENT_CODES)),
  district: Type.Optional(Type.String({ maxLength: 50, description: 'district code or name (500103, 渝中区, 渝中)' })),
  matter: Type.Optional(Type.String({ maxLength: 64, description: 'matter code of the jurisdiction\'s catalogue' })),
  channel: Type.Optional(StringEnum(CHANNELS)),
  trackingCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '流水号 as the caller reads it out: full-width characters, spaces, other dashes and misread letters (O, I, L) are read as the citizen\'s lookup reads them' })),
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: '工单编号 of the channel that sent the case (with channel: of that channel only)' })),
  jurisdiction: Type.Optional(Type.String({ maxLength: 32 })),
  receivedFrom: Type.Optional(Type.String({ maxLength: 40, pattern: ReceivedBound, description: 'a date (2026-11-01: from the start of that day, Beijing time) or a date-time with offset' })),
  receivedTo: Type.Optional(Type.String({ maxLength: 40, pattern: ReceivedBound, description: 'a date (2026-11-30: to the end of that day, Beijing time) or a date-time with offset' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 64, pattern: '^[0-9]+$', description: 'nextCursor of the previous page' })),
}, { additionalProperties: false });

export const ComplaintPage = Type.Object({
  items: Type.Array(Type.Ref('Complaint')),
  nextCursor: NullableString(),
});

/** Conditional GET of one case. No length limit: a malformed or odd field is ignored (200), never refused. */
export const IfNoneMatchHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({
    description: 'ETags the caller holds ("a", W/"b", or *); when one names the case as it reads now, 304 without a body',
  })),
});

/** Sent with the case and with its 304. */
export const RevalidationHeaders = {
  ETag: Type.String({ description: 'strong, "<version>-<digest of the body>": differs whenever the body does, also between callers who see the reporter differently' }),
  'Cache-Control': Type.Literal('private, no-cache', { description: 'personal data: no shared cache, and revalidate before every reuse' }),
  Vary: Type.Literal('authorization', { description: 'the body depends on the key that asks' }),
};
