import { describe, expect, it } from 'vitest';
import { ApiError, NO_RESPONSE } from '../../client/src/api/ApiError.ts';
import { newId } from '../../client/src/offline/ids.ts';
import type { OutboxEntry } from '../../client/src/offline/outbox.ts';
import { type Post, classifyError, classifyResponse, restTransport } from '../../client/src/offline/transport.ts';

const entry: OutboxEntry = {
  id: 'a3d8e0b4-52f5-4c3b-9a57-1f0a6b3c2d11',
  sessionId: '0d5b8e7e-3a4a-4c55-9f7b-6f0f9d1c2a10',
  order: 1,
  rev: 1,
  createdAt: '2026-11-22T13:05:00.000Z',
  summary: 'HR 72',
  status: 'pending',
  attempts: 0,
  lastAttemptAt: null,
  lastProblem: null,
  refusal: null,
  sentAt: null,
  alreadyStored: 0,
  type: 'observations',
  records: [{ id: 'a3d8e0b4-52f5-4c3b-9a57-1f0a6b3c2d11', sessionId: '0d5b8e7e-3a4a-4c55-9f7b-6f0f9d1c2a10', kind: 'heartRate', value: 72, observedAt: '2026-11-22T14:05:00.000+01:00' }],
};

const apiError = (status: number, error = 'x', message = 'm', issues: ApiError['issues'] = []) => new ApiError(status, { error, message, issues: [...issues] });

describe('classifying answers', () => {
  it('takes results as stored, retries (created: false) included', () => {
    expect(classifyResponse(201, { results: [{ id: 'x', created: false }] })).toEqual({ kind: 'stored', results: [{ id: 'x', created: false }] });
  });

  it('treats a success it cannot read as not delivered (sending again is safe)', () => {
    expect(classifyResponse(201, undefined).kind).toBe('unreachable');
    expect(classifyResponse(200, { results: [{ id: 1 }] }).kind).toBe('unreachable');
  });

  it('retries what may succeed later: no answer, server errors, overload, timeouts, a stale CSRF token', () => {
    expect(classifyError(apiError(NO_RESPONSE, 'network_error')).kind).toBe('unreachable');
    for (const status of [500, 502, 503, 504, 408, 429]) expect(classifyError(apiError(status)).kind).toBe('unreachable');
    expect(classifyError(apiError(403, 'csrf_failed', 'reload the page')).kind).toBe('unreachable');
  });

  it('stops on 401 until sign-in', () => {
    expect(classifyError(apiError(401, 'unauthenticated')).kind).toBe('signedOut');
  });

  it('keeps the reason and issues of a refusal', () => {
    const outcome = classifyError(
      apiError(400, 'out_of_physiological_range', 'observations.0.value: Heart rate 400 bpm is outside the physiological range 20–300 bpm', [
        { path: 'observations.0.value', code: 'out_of_physiological_range', message: 'Heart rate 400 bpm is outside the physiological range 20–300 bpm' },
      ]),
    );
    expect(outcome).toMatchObject({ kind: 'refused', refusal: { status: 400, code: 'out_of_physiological_range', issues: [{ path: 'observations.0.value' }] } });
    for (const status of [403, 404, 409, 413, 422]) expect(classifyError(apiError(status, 'forbidden')).kind).toBe('refused');
  });
});

describe('restTransport', () => {
  it('posts the entry as one batch to the endpoint of its type', async () => {
    const requests: Array<{ path: string; body: unknown }> = [];
    const post: Post = async (path, body) => {
      requests.push({ path, body });
      return { results: [{ id: entry.id, created: true }] };
    };
    expect((await restTransport(post).send(entry)).kind).toBe('stored');
    expect(requests).toEqual([{ path: '/api/observations', body: { observations: entry.records } }]);

    await restTransport(post).send({
      ...entry,
      type: 'sideEffects',
      records: [{ id: entry.id, sessionId: entry.sessionId, kind: 'nausea', severity: 'mild', observedAt: '2026-11-22T14:05:00+01:00' }],
    });
    expect(requests[1]?.path).toBe('/api/side-effects');
    expect(Object.keys(requests[1]?.body as object)).toEqual(['sideEffects']);
  });

  it('reports no connection when the request fails, and a timeout when the server never answers', async () => {
    const offline: Post = async () => {
      throw apiError(NO_RESPONSE, 'network_error');
    };
    expect(await restTransport(offline).send(entry)).toEqual({ kind: 'unreachable', message: 'No connection to the Chairside server' });
    const hanging: Post = () => new Promise(() => undefined);
    expect(await restTransport(hanging, 20).send(entry)).toEqual({ kind: 'unreachable', message: 'The server did not answer in time' });
    const broken: Post = async () => {
      throw new TypeError('boom');
    };
    expect((await restTransport(broken).send(entry)).kind).toBe('unreachable');
  });

  it('passes a refusal on with the server body', async () => {
    const refusing: Post = async () => {
      throw apiError(404, 'not_found', 'Session not found');
    };
    expect(await restTransport(refusing).send(entry)).toMatchObject({ kind: 'refused', refusal: { status: 404, message: 'Session not found' } });
  });
});

describe('newId', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('makes version-4 UUIDs the server accepts', () => {
    expect(newId()).toMatch(UUID_V4);
  });

  it('still makes them where randomUUID is missing (plain HTTP on the clinic LAN)', () => {
    const original = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, () => newId()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(UUID_V4);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
