import type { RecordedResult } from '../../../shared/realtime/socketEvents.ts';
import { isApiErrorBody } from '../api/ApiError.ts';
import type { OutboxEntry, OutboxTransport, SendOutcome } from './outbox.ts';

/** A request that has had no answer in this long is treated as lost and sent again later. */
const SEND_TIMEOUT_MS = 15_000;

const NO_CONNECTION = 'No connection to the Chairside server';

/**
 * Sends outbox entries over REST (`POST /api/observations`, `POST /api/side-effects`): one batch
 * per entry, stored whole or not at all. REST rather than the socket because its status codes
 * tell a refusal (4xx: keep it, show why) from a failure worth retrying (no answer, 5xx).
 */
export function restTransport(fetchImpl: typeof fetch = (...args) => fetch(...args), timeoutMs = SEND_TIMEOUT_MS): OutboxTransport {
  return {
    async send(entry: OutboxEntry): Promise<SendOutcome> {
      const [path, body] =
        entry.type === 'observations'
          ? ['/api/observations', { observations: entry.records }]
          : ['/api/side-effects', { sideEffects: entry.records }];
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const response = await fetchImpl(path, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { accept: 'application/json', 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        return classifyResponse(response.status, await readJson(response));
      } catch {
        return { kind: 'unreachable', message: controller.signal.aborted ? 'The server did not answer in time' : NO_CONNECTION };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * What an HTTP answer means for a queued entry. Only what might succeed unchanged later is retried:
 * no answer, a timeout, rate limiting, a server error. Everything else the server looked at and
 * refused, and it stays visible with the server's reason.
 */
export function classifyResponse(status: number, payload: unknown): SendOutcome {
  if (status >= 200 && status < 300) {
    const results = (payload as { results?: unknown } | undefined)?.results;
    if (Array.isArray(results) && results.every(isRecordedResult)) return { kind: 'stored', results };
    // Stored or not, we cannot tell: sending again is safe, the ids make it idempotent.
    return { kind: 'unreachable', message: 'The server answered without a result' };
  }
  if (status === 401) return { kind: 'signedOut', message: 'Your sign-in has ended; sign in again to send' };
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'unreachable', message: `The server is busy or restarting (${status})` };
  }
  const body = isApiErrorBody(payload) ? payload : { error: 'http_error', message: `The server answered ${status}` };
  return { kind: 'refused', refusal: { status, code: body.error, message: body.message, issues: body.issues ?? [] } };
}

function isRecordedResult(value: unknown): value is RecordedResult {
  return typeof value === 'object' && value !== null && typeof (value as RecordedResult).id === 'string' && typeof (value as RecordedResult).created === 'boolean';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
