import { z } from 'zod';
import { isIsoDateTimeWithOffset } from '../time.ts';

// Messages a nurse can read: "required" rather than "expected string, received undefined".
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
    if (issue.code === 'invalid_type' && issue.expected === 'number') return 'must be a number';
    if (issue.code === 'invalid_format' && issue.format === 'uuid') return 'must be a UUID';
    return undefined;
  },
});

/** Client-generated ids make every write idempotent: a retry carries the same id. */
export const idSchema = z.uuid();

export const zonedDateTimeSchema = z
  .string()
  .refine(isIsoDateTimeWithOffset, {
    message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-22T10:05:00+01:00',
  });

export const reasonSchema = z.string().trim().min(3, 'give a reason (at least 3 characters)').max(500, 'keep the reason to 500 characters');

export const noteSchema = z.string().trim().max(2000);

/** The one error body every API error uses. */
export interface ApiIssue {
  /** Dotted path to the field, e.g. `observations.2.systolic`. */
  path: string;
  code: string;
  message: string;
}

export interface ApiErrorBody {
  error: string;
  message: string;
  issues?: ApiIssue[];
}

export function issuesFromZod(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: zodIssueCode(issue),
    message: issue.message,
  }));
}

function zodIssueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code;
  return issue.code;
}
