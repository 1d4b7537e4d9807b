import { type Static, type TObject, type TSchema, Type, type TUnsafe } from '@sinclair/typebox';

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
 * A schema that also admits null, as `type: [T, "null"]` rather than anyOf: fast-json-stringify
 * serialises anyOf by running a validator per branch to pick one (for a date-time, the format's
 * regular expression at every response; the intake profile showed it, and the complaint view has a
 * dozen such fields). For a schema with one `type`: a string, number, integer or object.
 */
export const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) =>
  Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: [schema.type as string, 'null'] });
export const NullableDateTime = Nullable(DateTime);
export const NullableString = (options: { description?: string } = {}) => Nullable(Type.String(), options);
export const NullableNumber = (options: { description?: string } = {}) => Nullable(Type.Number(), options);
export const NullableObject = <T extends TObject>(schema: T, options: { description?: string } = {}) => Nullable(schema, options);

/**
 * One of fixed strings, as `enum`: validated in one step by Ajv and serialised as a plain string
 * (a union of literals becomes anyOf, which fast-json-stringify resolves by running a validator).
 */
export const StringEnum = <T extends readonly string[]>(values: T, options: { description?: string } = {}): TUnsafe<T[number]> =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
