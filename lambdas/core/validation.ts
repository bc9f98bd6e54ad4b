import type * as z from 'zod/mini';
import { ValidationError } from './errors';
import type { ErrorDetail } from '../contract/api/errors';

/**
 * Parses untrusted input with a zod schema and turns every problem into a
 * field-level detail a person can act on. Schemas are strict (unknown fields are
 * errors), so a typo such as `contnet` is reported instead of silently ignored.
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) => issueToDetails(issue, input));
  const summary = details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join('; ');
  throw new ValidationError(`Invalid ${what}: ${summary}`, details);
}

function issueToDetails(issue: z.core.$ZodIssue, input: unknown): ErrorDetail[] {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: field ? `${field}.${key}` : key,
      message: `unknown field "${key}"`,
    }));
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
    return [{ field, message: 'is required' }];
  }
  return [{ field, message: issue.message }];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
