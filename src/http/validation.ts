import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

/**
 * Bodies are validated strictly (no type coercion, unknown fields refused): a hotline that sends
 * `"content": 123` has a bug to fix, not a string to be made of it. Query strings and path
 * parameters are text by nature, so they are coerced to their declared types.
 */
export function installValidators(app: FastifyInstance): void {
  const strict = new Ajv.default({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, verbose: true, strict: false });
  const coercing = new Ajv.default({ coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false, verbose: true, strict: false });
  addFormats.default(strict);
  addFormats.default(coercing);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as FastifySchema));
}

/** The request field an Ajv error is about, as a dotted path (reporter.phone). */
export function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const child = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty
    : error.keyword === 'additionalProperties' ? (error.params as { additionalProperty: string }).additionalProperty
      : undefined;
  return [base, child].filter(Boolean).join('.') || '(body)';
}

/** A sentence saying what is wrong with the field and what it should be. */
export function describeError(error: ErrorObject): string {
  const schema = error.parentSchema as { description?: string } | undefined;
  switch (error.keyword) {
    case 'required': return 'is required';
    case 'additionalProperties': return 'is not a known field';
    case 'pattern': return `has an invalid format${schema?.description ? `: expected ${schema.description}` : ''}`;
    case 'format': return `must be ${(error.params as { format: string }).format === 'date-time' ? 'an ISO-8601 date-time with offset, e.g. 2026-11-22T09:30:00+08:00' : `a valid ${(error.params as { format: string }).format}`}`;
    case 'anyOf': return `must be one of the allowed values${allowedValues(error)}`;
    case 'enum': return `must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    default: return error.message ?? 'is invalid';
  }
}

function allowedValues(error: ErrorObject): string {
  const schema = error.schema as Array<{ const?: unknown }> | undefined;
  const values = Array.isArray(schema) ? schema.map((s) => s.const).filter((v) => v !== undefined) : [];
  return values.length > 0 ? `: ${values.join(', ')}` : '';
}
