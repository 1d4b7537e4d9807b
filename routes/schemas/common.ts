import { Type } from '@sinclair/typebox';

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'Stable machine code, e.g. CASE_NOT_FOUND, INVALID_FIELD' }),
  error: Type.String(),
  message: Type.String({ description: 'What is wrong and how to fix it' }),
  field: Type.Optional(Type.String({ description: 'The request field at fault, as a dotted path' })),
}, { $id: 'Error' });

export const errorResponses = {
  400: Type.Ref('Error'),
  401: Type.Ref('Error'),
  403: Type.Ref('Error'),
} as const;

/** A time with its offset; shown to people in +08:00. */
export const DateTime = Type.String({ format: 'date-time' });
export const NullableDateTime = Type.Union([DateTime, Type.Null()]);
