import type { ApiErrorBody, ApiIssue } from '../../../shared/schemas/common.ts';

/** Status 0 stands for "no answer at all": the network or the server is down. */
export const NO_RESPONSE = 0;

/** Every failed API call, carrying the server's one error body so forms can show it field by field. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ApiIssue[];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error;
    this.issues = body.issues ?? [];
  }

  /** The first issue for a field, e.g. `username` or `observations.0.value`. */
  issueAt(path: string): ApiIssue | undefined {
    return this.issues.find((issue) => issue.path === path);
  }

  get isSignedOut(): boolean {
    return this.status === 401 && this.code === 'unauthenticated';
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.error === 'string' &&
    typeof candidate.message === 'string' &&
    (candidate.issues === undefined || Array.isArray(candidate.issues))
  );
}
