import { Type } from '@sinclair/typebox';
import { DateTime, NullableDateTime, NullableString } from './common.js';

const OUTBOX_STATES = ['pending', 'sent', 'failed'] as const;
const OutboxState = Type.Union(OUTBOX_STATES.map((s) => Type.Literal(s)));

export const OutboxParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'outbox message id' }) });

export const OutboxListQuery = Type.Object({
  state: Type.Optional(Type.Union(OUTBOX_STATES.map((s) => Type.Literal(s)), { description: 'only messages in this state; all when left out' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}, { additionalProperties: false });

export const OutboxMessage = Type.Object({
  id: Type.String(),
  caseId: NullableString(),
  channel: Type.Union([Type.Literal('mail'), Type.Literal('webhook')]),
  template: Type.String({ description: 'assignment, reassignment, reminder, supervision-order, reply-to-reporter, …' }),
  recipient: Type.String(),
  state: OutboxState,
  attempts: Type.Integer({ description: 'sending attempts since it was written or last retried' }),
  lastError: NullableString({ description: 'the last failed attempt\'s error, kept after a later success' }),
  createdAt: DateTime,
  nextAttemptAt: Type.String({ format: 'date-time', description: 'pending: when it is (next) due; failed: when it gave up' }),
  sentAt: NullableDateTime,
}, { $id: 'OutboxMessage' });

export const OutboxList = Type.Object({ items: Type.Array(Type.Ref('OutboxMessage')) });
