import type { RecordedResult } from '../../../shared/realtime/socketEvents.ts';
import { ApiError, NO_RESPONSE, isApiError } from '../api/ApiError.ts';
import { postJson } from '../api/apiFetch.ts';
import type { OutboxEntry, OutboxTransport, SendOutcome } from './outbox.ts';

/** A request that has had no answer in this long is treated as lost and sent again later. */
const SEND_TIMEOUT_MS = 15_000;

const NO_CONNECTION = 'No connection to the Chairside server';

/** POSTs JSON and resolves with the parsed answer or rejects with an `ApiError` (status 0: no answer). */
export type Post = (path: string, body: unknown) => Promise<unknown>;

/**
 * Sends outbox entries over REST (`POST /api/observations`, `POST /api/side-effects`): one batch
 * per entry, stored whole or not at all. REST rather than the socket because its status codes
 * tell a refusal (4xx: keep it, show why) from a failure worth retrying (no answer, 5xx). It goes
 * through `postJson`, so the sign-in's CSRF token travels with every write.
 */
export function restTransport(post: Post = postJson, timeoutMs = SEND_TIMEOUT_MS): OutboxTransport {
  return {
    async send(entry: OutboxEntry): Promise<SendOutcome> {
      const [path, body] =
        entry.type === 'observations'
          ? ['/api/observations', { observations: entry.records }]
          : ['/api/side-effects', { sideEffects: entry.records }];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      try {
        // A request still running after the timeout may yet be stored: the retry's ids say so.
        const answer = await Promise.race([post(path, body), timeout]);
        if (answer === 'timeout') return { kind: 'unreachable', message: 'The server did not answer in time' };
        return classifyResponse(201, answer);
      } catch (error) {
        if (isApiError(error)) return classifyError(error);
        return { kind: 'unreachable', message: NO_CONNECTION };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * What a failed request means for a queued entry. Only what might succeed unchanged later is
 * retried: no answer, a timeout, rate limiting, a server error, a stale CSRF token (the next
 * attempt reads the current one). Everything else the server looked at and refused, and it stays
 * visible with the server's reason.
 */
export function classifyError(error: ApiError): SendOutcome {
  const { status } = error;
  if (status === NO_RESPONSE) return { kind: 'unreachable', message: NO_CONNECTION };
  if (status === 401) return { kind: 'signedOut', message: 'Your sign-in has ended; sign in again to send' };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'unreachable', message: `The server is busy or restarting (${status})` };
  if (status === 403 && error.code === 'csrf_failed') return { kind: 'unreachable', message: error.message };
  return { kind: 'refused', refusal: { status, code: error.code, message: error.message, issues: [...error.issues] } };
}

/** A successful answer: the per-record results, or (unreadable) a reason to send again. */
export function classifyResponse(status: number, payload: unknown): SendOutcome {
  if (status < 200 || status >= 300) return classifyError(new ApiError(status, { error: 'http_error', message: `The server answered ${status}` }));
  const results = (payload as { results?: unknown } | undefined)?.results;
  if (Array.isArray(results) && results.every(isRecordedResult)) return { kind: 'stored', results };
  // Stored or not, we cannot tell: sending again is safe, the ids make it idempotent.
  return { kind: 'unreachable', message: 'The server answered without a result' };
}

function isRecordedResult(value: unknown): value is RecordedResult {
  return typeof value === 'object' && value !== null && typeof (value as RecordedResult).id === 'string' && typeof (value as RecordedResult).created === 'boolean';
}
