import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Lock, type NewOutboxEntry, Outbox, type OutboxEntry, type OutboxTransport, type SendOutcome, parseEntry } from '../../client/src/offline/outbox.ts';
import { MemoryStorage } from '../../client/src/offline/storage.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';

const SESSION = '0d5b8e7e-3a4a-4c55-9f7b-6f0f9d1c2a10';
const NAMESPACE = 'chairside.outbox.v1.user-1.';

/**
 * A stand-in for the server's idempotent write path: each record id is stored once; the same id
 * with the same content answers `created: false`; with other content, a 409.
 */
class FakeServer {
  readonly stored = new Map<string, string>();
  /** Record ids in the order they were first stored. */
  readonly arrivals: string[] = [];
  requests = 0;

  store(entry: OutboxEntry): SendOutcome {
    this.requests++;
    const results = [];
    for (const record of entry.records) {
      const content = JSON.stringify(record);
      const existing = this.stored.get(record.id);
      if (existing !== undefined && existing !== content) {
        return { kind: 'refused', refusal: { status: 409, code: 'id_conflict', message: `${record.id} was stored with other content`, issues: [] } };
      }
      results.push({ id: record.id, created: existing === undefined });
    }
    for (const record of entry.records) {
      if (!this.stored.has(record.id)) {
        this.stored.set(record.id, JSON.stringify(record));
        this.arrivals.push(record.id);
      }
    }
    return { kind: 'stored', results };
  }
}

type Behaviour = (entry: OutboxEntry, server: FakeServer) => Promise<SendOutcome> | SendOutcome;

/** A transport whose answer per call is scripted; by default it stores and answers. */
function scriptedTransport(server: FakeServer, script: Behaviour[] = []): OutboxTransport & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async send(entry) {
      calls.push(entry.id);
      const behaviour = script.shift();
      return behaviour ? behaviour(entry, server) : server.store(entry);
    },
  };
}

const unreachable: Behaviour = () => ({ kind: 'unreachable', message: 'No connection to the Chairside server' });
/** The request reaches the server and is committed, but the answer is lost on the way back. */
const answerLost: Behaviour = (entry, server) => {
  server.store(entry);
  return { kind: 'unreachable', message: 'The server did not answer in time' };
};
const refusedClosed: Behaviour = () => ({
  kind: 'refused',
  refusal: {
    status: 422,
    code: 'session_not_started',
    message: 'The session has not been checked in yet',
    issues: [{ path: 'observations.0.sessionId', code: 'session_not_started', message: 'The session has not been checked in yet' }],
  },
});

function vitals(value: number, summary = `HR ${value}`): NewOutboxEntry {
  const record: ObservationInput = { id: randomUUID(), sessionId: SESSION, kind: 'heartRate', value, observedAt: '2026-11-22T14:05:00.000+01:00', source: 'manual' };
  return { type: 'observations', sessionId: SESSION, summary, records: [record] };
}

function makeOutbox(storage: MemoryStorage, transport: OutboxTransport, extra: Partial<ConstructorParameters<typeof Outbox>[0]> = {}): Outbox {
  return new Outbox({ storage, namespace: NAMESPACE, transport, retryDelaysMs: [1_000, 2_000, 4_000], ...extra });
}

/** Waits for the drain started by `enqueue` (or a timer) without starting one itself. */
async function settle(outbox: Outbox): Promise<void> {
  await outbox.whenIdle();
}

describe('Outbox', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('persists an entry before the first attempt to send it, and a reload sends the very same records', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    let release: (() => void) | undefined;
    // The first tab never hears back: it is closed (reloaded) with the request in flight.
    const hanging: OutboxTransport = { send: () => new Promise<SendOutcome>((resolve) => { release = () => resolve({ kind: 'unreachable', message: 'gone' }); }) };
    const firstTab = makeOutbox(storage, hanging);
    const entry = firstTab.enqueue(vitals(72));

    const stored = parseEntry(storage.getItem(`${NAMESPACE}${entry.id}`));
    expect(stored?.status).toBe('pending');
    expect(stored?.records).toEqual(entry.records);

    const afterReload = makeOutbox(storage, scriptedTransport(server));
    expect(afterReload.entries().map((e) => e.status)).toEqual(['pending']);
    // The app's runner starts sending when the page loads.
    await afterReload.resume();

    expect(afterReload.get(entry.id)?.status).toBe('sent');
    expect([...server.stored.keys()]).toEqual(entry.records.map((record) => record.id));
    expect(server.stored.get(entry.records[0]?.id ?? '')).toBe(JSON.stringify(entry.records[0]));
    release?.();
  });

  it('stores an entry exactly once when the answer is lost: the retry is recognised by its ids', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    const transport = scriptedTransport(server, [answerLost]);
    const outbox = makeOutbox(storage, transport);
    const entry = outbox.enqueue(vitals(88));
    await settle(outbox);

    expect(outbox.get(entry.id)).toMatchObject({ status: 'pending', attempts: 1, lastProblem: 'The server did not answer in time' });
    expect(outbox.getState().nextRetryAt).not.toBeNull();

    await vi.advanceTimersByTimeAsync(1_000);
    await settle(outbox);

    expect(outbox.get(entry.id)).toMatchObject({ status: 'sent', attempts: 2, alreadyStored: 1 });
    expect(server.requests).toBe(2);
    expect(server.stored.size).toBe(1);
  });

  it('keeps retrying with back-off while unreachable, and sends on reconnect without waiting', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    const transport = scriptedTransport(server, [unreachable, unreachable, unreachable]);
    const outbox = makeOutbox(storage, transport);
    const entry = outbox.enqueue(vitals(90));
    await settle(outbox);
    expect(transport.calls).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(999);
    expect(transport.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(transport.calls).toHaveLength(3);
    expect(outbox.get(entry.id)?.attempts).toBe(3);

    // The socket reconnects: send now rather than after the next (4 s) back-off.
    await outbox.flushNow();
    expect(outbox.get(entry.id)?.status).toBe('sent');
    expect(server.stored.size).toBe(1);
  });

  it('sends in the order entries were saved, and nothing overtakes an entry still waiting', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    const transport = scriptedTransport(server, [(entry, s) => s.store(entry), unreachable]);
    const outbox = makeOutbox(storage, transport);
    const first = outbox.enqueue(vitals(61));
    const second = outbox.enqueue(vitals(62));
    const third = outbox.enqueue(vitals(63));
    await settle(outbox);

    expect(outbox.entries().map((entry) => entry.status)).toEqual(['sent', 'pending', 'pending']);
    expect(transport.calls).toEqual([first.id, second.id]);

    await vi.advanceTimersByTimeAsync(1_000);
    await settle(outbox);
    expect(outbox.entries().map((entry) => entry.status)).toEqual(['sent', 'sent', 'sent']);
    expect(server.arrivals).toEqual([first, second, third].map((entry) => entry.records[0]?.id));
  });

  it('keeps a refused entry, with the reason, across reloads; the entries behind it still go', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    const outbox = makeOutbox(storage, scriptedTransport(server, [refusedClosed]));
    const refused = outbox.enqueue(vitals(70));
    const next = outbox.enqueue(vitals(71));
    await settle(outbox);

    expect(outbox.get(refused.id)).toMatchObject({ status: 'refused', refusal: { code: 'session_not_started' } });
    expect(outbox.get(next.id)?.status).toBe('sent');

    const transportAfterReload = scriptedTransport(server);
    const reloaded = makeOutbox(storage, transportAfterReload);
    await reloaded.resume();
    expect(reloaded.get(refused.id)).toMatchObject({ status: 'refused', refusal: { message: 'The session has not been checked in yet' } });
    // Refused entries are not sent again on their own.
    expect(transportAfterReload.calls).toEqual([]);

    // Nor pruned with the sent ones, however old.
    vi.setSystemTime(Date.now() + 48 * 60 * 60_000);
    const muchLater = makeOutbox(storage, scriptedTransport(server));
    expect(muchLater.get(refused.id)?.status).toBe('refused');
    expect(muchLater.get(next.id)).toBeUndefined();
  });

  it('sends a refused entry again, unchanged, when the nurse retries; dismissing removes it', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    const outbox = makeOutbox(storage, scriptedTransport(server, [refusedClosed]));
    const entry = outbox.enqueue(vitals(70));
    await settle(outbox);
    expect(outbox.get(entry.id)?.status).toBe('refused');

    outbox.retry(entry.id);
    await settle(outbox);
    expect(outbox.get(entry.id)).toMatchObject({ status: 'sent', refusal: null, attempts: 2 });
    expect(server.stored.get(entry.records[0]?.id ?? '')).toBe(JSON.stringify(entry.records[0]));

    outbox.dismiss(entry.id);
    expect(outbox.get(entry.id)).toBeUndefined();
    expect(storage.getItem(`${NAMESPACE}${entry.id}`)).toBeNull();
  });

  it('never dismisses an entry that has not reached the server', () => {
    const storage = new MemoryStorage();
    const outbox = makeOutbox(storage, { send: () => new Promise<SendOutcome>(() => undefined) });
    const entry = outbox.enqueue(vitals(70));
    outbox.dismiss(entry.id);
    expect(outbox.get(entry.id)?.status).toBe('pending');
  });

  it('stops on an ended sign-in, keeps the entry, and resumes once signed in again', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    const onSignedOut = vi.fn();
    const transport = scriptedTransport(server, [() => ({ kind: 'signedOut', message: 'Your sign-in has ended' })]);
    const outbox = makeOutbox(storage, transport, { onSignedOut });
    const entry = outbox.enqueue(vitals(75));
    await settle(outbox);

    expect(onSignedOut).toHaveBeenCalledOnce();
    expect(outbox.getState().blocked).toBe('signedOut');
    expect(outbox.get(entry.id)?.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(transport.calls).toHaveLength(1);

    await outbox.resume();
    expect(outbox.get(entry.id)?.status).toBe('sent');
  });

  it('shares one drain between concurrent flushes: no entry is in flight twice', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    let inFlight = 0;
    let maxInFlight = 0;
    const transport: OutboxTransport & { count: number } = {
      count: 0,
      async send(entry) {
        this.count++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await Promise.resolve();
        inFlight--;
        return server.store(entry);
      },
    };
    const outbox = makeOutbox(storage, transport);
    for (let i = 0; i < 5; i++) outbox.enqueue(vitals(60 + i));
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flushNow(), outbox.flush()]);
    await settle(outbox);

    expect(transport.count).toBe(5);
    expect(maxInFlight).toBe(1);
    expect(server.requests).toBe(5);
  });

  it('two tabs sharing storage and a lock send each entry once', async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer();
    let tail: Promise<unknown> = Promise.resolve();
    const lock: Lock = (work) => {
      const run = tail.then(work, work);
      tail = run.catch(() => undefined);
      return run;
    };
    const tabA = makeOutbox(storage, scriptedTransport(server), { lock });
    const tabB = makeOutbox(storage, scriptedTransport(server), { lock });
    const entries = [tabA.enqueue(vitals(80)), tabB.enqueue(vitals(81)), tabA.enqueue(vitals(82))];
    tabB.refresh();
    await Promise.all([tabA.flush(), tabB.flush()]);
    await Promise.all([settle(tabA), settle(tabB)]);

    expect(server.requests).toBe(3);
    expect(server.stored.size).toBe(3);
    tabA.refresh();
    tabB.refresh();
    for (const entry of entries) {
      expect(tabA.get(entry.id)?.status).toBe('sent');
      expect(tabB.get(entry.id)?.status).toBe('sent');
    }
  });

  it('keeps sending from memory, and says so, when the browser refuses to store the entry', async () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new DOMException('quota exceeded', 'QuotaExceededError');
    };
    const server = new FakeServer();
    const outbox = makeOutbox(storage, scriptedTransport(server, [unreachable]));
    const entry = outbox.enqueue(vitals(95));
    await settle(outbox);
    expect(outbox.getState().volatileIds.has(entry.id)).toBe(true);
    expect(outbox.get(entry.id)?.status).toBe('pending');

    await vi.advanceTimersByTimeAsync(1_000);
    await settle(outbox);
    expect(outbox.get(entry.id)?.status).toBe('sent');
    expect(server.stored.size).toBe(1);
  });

  it('ignores stored data it cannot read instead of failing', () => {
    const storage = new MemoryStorage();
    storage.setItem(`${NAMESPACE}broken`, '{not json');
    storage.setItem(`${NAMESPACE}alien`, JSON.stringify({ id: 'x', status: 'pending' }));
    storage.setItem('chairside.outbox.v1.other-user.entry', JSON.stringify({ ...vitals(1), id: 'y' }));
    const outbox = makeOutbox(storage, scriptedTransport(new FakeServer()));
    expect(outbox.entries()).toEqual([]);
  });

  it('notifies subscribers with a new state object only when something changed', async () => {
    const storage = new MemoryStorage();
    const outbox = makeOutbox(storage, scriptedTransport(new FakeServer()));
    const before = outbox.getState();
    expect(outbox.getState()).toBe(before);
    const listener = vi.fn();
    outbox.subscribe(listener);
    outbox.enqueue(vitals(66));
    await settle(outbox);
    expect(listener).toHaveBeenCalled();
    expect(outbox.getState()).not.toBe(before);
    expect(outbox.getState().entries[0]?.status).toBe('sent');
  });
});
