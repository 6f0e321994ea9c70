import type { ErrorRequestHandler } from 'express';
import type { ApiErrorBody } from '../../shared/schemas/common.ts';
import { DomainError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';

/** Turns any failure into the one error body; never a stack trace, never SQL. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const body = toErrorBody(error);
    if (body.status >= 500) logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    // A busy or unreachable store is temporary: say when a client may try the same request again.
    if (body.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(body.status).json(body.body);
  };
}

export function toErrorBody(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof DomainError) {
    return { status: error.status, body: { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
  }
  const httpError = error as { type?: string; status?: number };
  if (httpError?.type === 'entity.too.large') {
    return { status: 413, body: { error: 'payload_too_large', message: 'The request body is too large' } };
  }
  if (httpError?.type === 'entity.parse.failed') {
    return {
      status: 400,
      body: { error: 'malformed_json', message: 'The request body is not valid JSON', issues: [{ path: '', code: 'malformed_json', message: 'not valid JSON' }] },
    };
  }
  if (httpError?.status && httpError.status >= 400 && httpError.status < 500) {
    return { status: httpError.status, body: { error: 'bad_request', message: 'The request could not be read' } };
  }
  if (isStorageUnavailable(error)) {
    return {
      status: 503,
      body: { error: 'storage_unavailable', message: 'The database is busy or unreachable; nothing was stored from this request. Try again.' },
    };
  }
  return { status: 500, body: { error: 'internal_error', message: 'Something went wrong; nothing was stored from this request' } };
}

const RETRY_AFTER_SECONDS = 2;

const UNAVAILABLE_SQLITE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/;
// PostgreSQL SQLSTATE classes that mean "not now" rather than "not this": 08 connection lost,
// 40 serialization failure or deadlock, 53 out of resources, 57 server shutting down, cancelled
// or timed out; and 55P03, a lock that could not be had in time.
const UNAVAILABLE_POSTGRES = /^(08|40|53|57)[0-9A-Z]{3}$|^55P03$/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
// The pg driver reports a dropped or unusable connection with no code at all.
const UNAVAILABLE_DRIVER_MESSAGE = /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * Whether a failure is the store being busy or out of reach, after the write path's own retries:
 * the client is told so with 503 and a machine-readable reason, so it retries the same request
 * (same ids) later instead of treating it as refused for good.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLITE.test(code) || UNAVAILABLE_POSTGRES.test(code) || UNAVAILABLE_SOCKET.has(code))) return true;
  return UNAVAILABLE_DRIVER_MESSAGE.test(error.message);
}
