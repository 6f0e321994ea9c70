import http from 'node:http';
import type { RecordedResult } from '../../shared/realtime/socketEvents.ts';
import type { ApiErrorBody } from '../../shared/schemas/common.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import { type Outcome, WriteLedger } from './ledger.ts';
import type { Producer } from './producer.ts';

/**
 * POSTs a body on a connection of its own. No keep-alive pool: a server whose event loop stalled
 * closes idle kept-alive connections late, racing the next request on them, and that client-side
 * race would blur what the server itself answered.
 */
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent: false, timeout: timeoutMs, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** A gateway posting batches to `POST /api/observations` with its bearer token. */
export class HttpProducer implements Producer {
  readonly ledger = new WriteLedger();

  constructor(
    readonly name: string,
    public baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async send(batch: ObservationInput[]): Promise<Outcome> {
    this.ledger.attempt(batch);
    let answer: { status: number; text: string };
    try {
      answer = await post(
        `${this.baseUrl}/api/observations`,
        { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        JSON.stringify({ observations: batch }),
        this.timeoutMs,
      );
    } catch {
      // No answer (connection refused or reset, timeout): the write may or may not be stored.
      return 'unanswered';
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      body = undefined;
    }
    if (answer.status === 201) {
      return this.ledger.answer(batch, { ok: true, results: (body as { results: RecordedResult[] }).results });
    }
    const error = body as Partial<ApiErrorBody> | undefined;
    this.ledger.refuse(batch, error?.error ?? `http_${answer.status}`, `HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
    return 'refused';
  }

  close(): void {}
}
