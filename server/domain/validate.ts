import type { z } from 'zod';
import { issuesFromZod } from '../../shared/schemas/common.ts';
import { DomainError } from './errors.ts';

/** Parses input with a shared schema; a refusal names every field that is wrong. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, pathPrefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error).map((issue) => ({
    ...issue,
    path: pathPrefix ? (issue.path ? `${pathPrefix}.${issue.path}` : pathPrefix) : issue.path,
  }));
  const first = issues[0];
  const physiological = issues.some((i) => i.code === 'out_of_physiological_range');
  throw new DomainError(
    physiological ? 400 : 422,
    physiological ? 'out_of_physiological_range' : 'validation_failed',
    first ? `${first.path || 'body'}: ${first.message}` : 'The request is not valid',
    issues,
  );
}
