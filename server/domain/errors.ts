import type { ApiIssue } from '../../shared/schemas/common.ts';

/**
 * A refusal the caller can act on. `code` is machine-readable and stable; `issues` name the field.
 * Adapters turn it into an HTTP status, a socket error ack or an HL7 AE/AR.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string, path = 'id'): DomainError =>
  new DomainError(404, 'not_found', `${what} ${id} does not exist`, [{ path, code: 'not_found', message: `${what} not found` }]);

export const invalid = (path: string, code: string, message: string): DomainError =>
  new DomainError(422, code, message, [{ path, code, message }]);

export const conflict = (path: string, code: string, message: string): DomainError =>
  new DomainError(409, code, message, [{ path, code, message }]);

/** Prefixes the issues' paths, e.g. to say which item of a batch was refused. */
export function withPathPrefix(error: unknown, prefix: string): unknown {
  if (!(error instanceof DomainError)) return error;
  return new DomainError(
    error.status,
    error.code,
    error.message,
    error.issues?.map((issue) => ({ ...issue, path: issue.path ? `${prefix}.${issue.path}` : prefix })),
  );
}
