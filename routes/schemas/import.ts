import { Type } from '@sinclair/typebox';
import { CHANNELS } from '../../src/catalogue/schema.js';
import { Nullable, StringEnum } from './common.js';

export const ImportQuery = Type.Object({
  jurisdiction: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'chongqing or shanghai; default the key\'s' })),
  channel: Type.Optional(StringEnum(CHANNELS, { description: 'the channel the work orders came through; default the key\'s' })),
}, { additionalProperties: false });

const Created = Type.Object({
  line: Type.Integer({ description: 'the row\'s line in the file (the header is line 1)' }),
  externalId: Type.String(),
  outcome: StringEnum(['created', 'existing'] as const, { description: 'created: taken in now; existing: taken in before with the same content (no new access code)' }),
  id: Type.String(),
  trackingCode: Type.String(),
  accessCode: Nullable(Type.String({ description: '提取码, only when created' })),
  status: Type.String({ description: 'assigned or triage' }),
});
const Failed = Type.Object({
  line: Type.Integer(),
  externalId: Nullable(Type.String()),
  outcome: Type.Literal('failed'),
  error: Type.Object({
    code: Type.String({ description: 'INVALID_FIELD, MISSING_EXTERNAL_ID, EXTERNAL_ID_CONFLICT, …' }),
    column: Nullable(Type.String({ description: 'the column at fault, as the file heads it' })),
    message: Type.String(),
  }),
});

export const ImportResult = Type.Object({
  jurisdiction: Type.String(),
  channel: Type.String(),
  rows: Type.Integer(),
  created: Type.Integer(),
  existing: Type.Integer(),
  failed: Type.Integer(),
  ignoredColumns: Type.Array(Type.String(), { description: 'headings no intake field takes, read past' }),
  results: Type.Array(Type.Union([Created, Failed])),
});
