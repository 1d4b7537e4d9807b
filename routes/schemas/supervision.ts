import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, NullableString } from './common.js';

export const PublicNoticeQuery = Type.Object({
  jurisdiction: Type.Optional(Type.String({
    pattern: '^[a-z][a-z0-9-]*$', maxLength: 50,
    description: 'chongqing, shanghai, …; a supervisor key may name only its own (the default); an admin key must name one',
  })),
}, { additionalProperties: false });

export const PublicNoticeItem = Type.Object({
  id: Type.String({ description: 'case id' }),
  trackingCode: Type.String(),
  status: Type.String({ description: 'assigned, signed or reopened: the reply is still awaited' }),
  leadOffice: Nullable(
    Type.Object({ department: Type.String(), name: Type.String(), district: NullableString() }),
    { description: '牵头部门: the office that owes the reply' },
  ),
  matter: Nullable(Type.Object({ code: Type.String(), title: Type.String() }), { description: '具体事项' }),
  district: NullableString(),
  replyDueAt: DateTime,
  overdueWorkingDays: Type.Integer({ minimum: 0, description: 'working days past the reply due time, on the official calendar' }),
  listedAt: Type.String({ format: 'date-time', description: 'when the scheduler listed the case for public notice' }),
});

export const PublicNoticeList = Type.Object({
  jurisdiction: Type.String(),
  asOf: Type.String({ format: 'date-time', description: 'the instant the overdue days are counted at' }),
  items: Type.Array(PublicNoticeItem),
});
