import { type Static, type TObject, Type, type TUnsafe } from '@sinclair/typebox';

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
/**
 * Nullable scalars as `type: [T, "null"]` rather than anyOf: fast-json-stringify serialises anyOf
 * by running a validator per branch, and for a date-time that is the format's regular expression
 * at every response (the intake profile showed it; the complaint view has a dozen such fields).
 */
export const NullableDateTime = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' });
export const NullableString = (options: { description?: string } = {}) => Type.Unsafe<string | null>({ ...options, type: ['string', 'null'] });
export const NullableNumber = (options: { description?: string } = {}) => Type.Unsafe<number | null>({ ...options, type: ['number', 'null'] });

/**
 * An object or null, as `type: ["object", "null"]` rather than anyOf: fast-json-stringify
 * serialises anyOf by running a validator to pick the branch, which showed in the intake profile.
 */
export const NullableObject = <T extends TObject>(schema: T, options: { description?: string } = {}) =>
  Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: ['object', 'null'] });

/**
 * One of fixed strings, as `enum`: validated in one step by Ajv and serialised as a plain string
 * (a union of literals becomes anyOf, which fast-json-stringify resolves by running a validator).
 */
export const StringEnum = <T extends readonly string[]>(values: T, options: { description?: string } = {}): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
