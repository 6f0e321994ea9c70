import type { z } from 'zod';
import { isApiError } from '../../api/ApiError.ts';

/** One message per field, the first that applies, keyed by the field's top-level name. */
export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/** The shared schema's verdict, field by field. */
export function issuesByField<Field extends string>(fields: readonly Field[], issues: readonly z.core.$ZodIssue[]): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const issue of issues) {
    const field = fields.find((name) => name === issue.path[0]);
    if (field && !errors[field]) errors[field] = friendlyMessage(issue);
  }
  return errors;
}

/** zod's own wording ("Too small: expected string to have >=2 characters") in plainer words. */
export function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.message.startsWith('Too small')) return `at least ${String(issue.minimum)} characters`;
  if (issue.code === 'too_big' && issue.origin === 'string' && issue.message.startsWith('Too big')) return `at most ${String(issue.maximum)} characters`;
  return issue.message;
}

/**
 * The server's verdict: issues land next to the field their path names (`username`, `roles.0`);
 * whatever names no field of this form is said once, above it.
 */
export function serverErrors<Field extends string>(fields: readonly Field[], error: unknown): { fields: FieldErrors<Field>; form: string | null } {
  if (!error) return { fields: {}, form: null };
  if (!isApiError(error)) return { fields: {}, form: 'Something went wrong. Try again.' };
  const byField: FieldErrors<Field> = {};
  const unplaced: string[] = [];
  for (const issue of error.issues) {
    const field = fields.find((name) => name === issue.path.split('.')[0]);
    if (field) {
      if (!byField[field]) byField[field] = issue.message;
    } else {
      unplaced.push(issue.message);
    }
  }
  const placed = Object.keys(byField).length > 0;
  const form = unplaced.length > 0 ? unplaced.join('; ') : placed ? null : error.message;
  return { fields: byField, form };
}

/** The first field in form order that has a message, to move focus to. */
export function firstInvalid<Field extends string>(fields: readonly Field[], errors: FieldErrors<Field>): Field | undefined {
  return fields.find((field) => errors[field]);
}
