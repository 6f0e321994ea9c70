import { expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import { ChangeCursor } from '../../shared/realtime/changeCursor.ts';
import type { SubscribeAck } from '../../shared/realtime/socketEvents.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import { expectStatus } from '../support/api.ts';
import { heartRateSeries, openSession } from '../support/clinic.ts';
import { type ServerFixture, describeEachEngine, useTestServer } from '../support/engines.ts';
import { type TestSocket, observationIdOf, seqsOf } from '../support/socketClient.ts';

type Ok = Extract<SubscribeAck, { ok: true }>;

function expectOk(ack: SubscribeAck): Ok {
  expect(ack).toMatchObject({ ok: true });
  if (!ack.ok) throw new Error(ack.message);
  return ack;
}

/**
 * Writes the observations one request at a time, through every write path: single HTTP posts,
 * HTTP batches and socket writes. Returns when all are acknowledged, in the order given.
 */
async function writeThroughEveryPath(fx: ServerFixture, writer: TestSocket, observations: ObservationInput[]): Promise<void> {
  let i = 0;
  while (i < observations.length) {
    const step = i % 3;
    const take = step === 1 ? Math.min(5, observations.length - i) : 1;
    const chunk = observations.slice(i, i + take);
    if (step === 2) {
      expect(await writer.recordObservations(chunk)).toMatchObject({ ok: true });
    } else {
      expectStatus(await fx.api('nurse').post('/api/observations', { observations: chunk }), 201);
    }
    i += take;
  }
}

const lastSeq = (changes: readonly ChangeEvent[]): number => changes.at(-1)?.seq ?? 0;

describeEachEngine('replaying what a dropped subscriber missed', (engine) => {
  const fx = useTestServer(engine);

  it('replays exactly the 50 missed changes, in order, to ward and session subscribers', async () => {
    const session = await openSession(fx);
    const writer = await fx.socket('nurse');
    const wardClient = await fx.socket('reviewer');
    const sessionClient = await fx.socket('physician');
    expectOk(await wardClient.subscribeWard());
    expectOk(await sessionClient.subscribeSession(session.id));

    const warmUp = heartRateSeries(session.id, 3);
    await writeThroughEveryPath(fx, writer, warmUp);
    await wardClient.waitForChanges(3);
    await sessionClient.waitForChanges(3);
    const wardSeen = lastSeq(wardClient.changes);
    const sessionSeen = lastSeq(sessionClient.changes);
    expect(sessionSeen).toBe(wardSeen);

    await wardClient.disconnect();
    await sessionClient.disconnect();
    const missedWrites = heartRateSeries(session.id, 50, Date.parse('2026-11-20T09:00:00Z'));
    await writeThroughEveryPath(fx, writer, missedWrites);
    const expectedIds = missedWrites.map((o) => o.id);

    await wardClient.connect();
    await sessionClient.connect();
    const wardReplay = expectOk(await wardClient.subscribeWard(wardSeen));
    const sessionReplay = expectOk(await sessionClient.subscribeSession(session.id, sessionSeen));

    for (const replay of [wardReplay, sessionReplay]) {
      expect(replay.resync).toBe(false);
      expect(replay.missed).toHaveLength(50);
      expect(replay.missed.map(observationIdOf)).toEqual(expectedIds);
      expect(replay.missed.every((c) => c.type === 'observation.recorded' && c.sessionId === session.id)).toBe(true);
      const seqs = seqsOf(replay.missed);
      expect(seqs[0]).toBeGreaterThan(wardSeen);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Number.POSITIVE_INFINITY);
      expect(replay.headSeq).toBe(seqs.at(-1));
    }
    // Both see the same numbered history, and it matches what the HTTP change feed says.
    expect(wardReplay.missed).toEqual(sessionReplay.missed);
    const feed = expectStatus(
      await fx.api('reviewer').get<{ missed: ChangeEvent[]; resync: boolean; headSeq: number }>(`/api/changes?since=${wardSeen}`),
      200,
    );
    expect(feed.missed).toEqual(wardReplay.missed);

    // Nothing missed was pushed while they were away, and nothing comes twice once they are back.
    expect(wardClient.changes).toHaveLength(3);
    expect(sessionClient.changes).toHaveLength(3);
    const after = heartRateSeries(session.id, 1, Date.parse('2026-11-20T10:00:00Z'));
    await writeThroughEveryPath(fx, writer, after);
    for (const [client, replay] of [
      [wardClient, wardReplay],
      [sessionClient, sessionReplay],
    ] as const) {
      const live = await client.waitForChanges(4);
      const all = [...live.slice(0, 3), ...replay.missed, ...live.slice(3)];
      expect(all.map(observationIdOf)).toEqual([...warmUp, ...missedWrites, ...after].map((o) => o.id));
      expect(new Set(seqsOf(all)).size).toBe(all.length);
    }
  });

  it('replays only the subscribed session to a session subscriber, everything to the ward', async () => {
    const mine = await openSession(fx);
    const other = await openSession(fx);
    const writer = await fx.socket('nurse');
    const head = expectOk(await writer.subscribeWard()).headSeq;

    const minePart = heartRateSeries(mine.id, 30);
    const otherPart = heartRateSeries(other.id, 20);
    // Interleave the two sessions' writes.
    const interleaved = minePart.flatMap((o, i) => (otherPart[i] ? [o, otherPart[i]] : [o]));
    await writeThroughEveryPath(fx, writer, interleaved);

    const late = await fx.socket('physician');
    const sessionReplay = expectOk(await late.subscribeSession(mine.id, head));
    expect(sessionReplay.missed.map(observationIdOf)).toEqual(minePart.map((o) => o.id));
    const wardLate = await fx.socket('reviewer');
    const wardReplay = expectOk(await wardLate.subscribeWard(head));
    expect(wardReplay.missed.map(observationIdOf)).toEqual(interleaved.map((o) => o.id));
  });

  it('loses and repeats nothing when writes keep arriving while the subscriber re-subscribes', async () => {
    const session = await openSession(fx);
    const writer = await fx.socket('nurse');
    const observer = await fx.socket('physician');
    expectOk(await observer.subscribeWard());
    const client = await fx.socket('reviewer');
    expectOk(await client.subscribeSession(session.id));

    await writeThroughEveryPath(fx, writer, heartRateSeries(session.id, 2));
    await client.waitForChanges(2);
    const seen = lastSeq(client.changes);
    await client.disconnect();

    // A steady stream of writes that spans the reconnect and the replay.
    const stream = heartRateSeries(session.id, 100, Date.parse('2026-11-20T11:00:00Z'));
    let streaming = true;
    const streamed = (async () => {
      for (const o of stream) {
        expect(await writer.recordObservations([o])).toMatchObject({ ok: true });
      }
      streaming = false;
    })();
    await observer.waitForChanges(2 + 10);

    // What a real client does: hold live changes while the replay is in flight, apply each once.
    const applied: ChangeEvent[] = [];
    const cursor = new ChangeCursor((change) => applied.push(change), seen);
    client.socket.on('changes', (batch) => {
      for (const change of batch) cursor.push(change);
    });
    await client.connect();
    cursor.beginReplay();
    const replay = expectOk(await client.subscribeSession(session.id, seen));
    cursor.endReplay(replay.missed);
    // The stream really did span the re-subscription (otherwise this test proves nothing).
    const stillStreaming = streaming;
    expect(replay.missed.length).toBeGreaterThan(0);
    expect(stillStreaming).toBe(true);

    await streamed;
    expect(streaming).toBe(false);
    const everything = await observer.waitForChanges(102);
    await client.waitForChange((c) => c.seq === lastSeq(everything), 'the last streamed change');
    const expected = everything.filter((c) => c.seq > seen);
    expect(seqsOf(applied)).toEqual(seqsOf(expected));
    expect(applied.map(observationIdOf)).toEqual(stream.map((o) => o.id));
  });

  it('tells a subscriber that missed too much to refetch instead of replaying', async () => {
    const session = await openSession(fx);
    const client = await fx.socket('reviewer');
    const head = expectOk(await client.subscribeWard()).headSeq;
    await client.disconnect();
    // Writing 5001 changes through the API would only slow the suite: append them to the log directly,
    // numbered as the committer numbers them (the next after the head, no gaps).
    const at = new Date().toISOString();
    const rows = Array.from({ length: 5001 }, (_, i) => ({ seq: head + 1 + i, session_id: session.id, type: 'observation.recorded', at, payload: '{}' }));
    for (let i = 0; i < rows.length; i += 2000) {
      await fx.server.server.services.db.insertInto('event_log').values(rows.slice(i, i + 2000)).execute();
    }
    await client.connect();
    const replay = expectOk(await client.subscribeWard(head));
    expect(replay).toMatchObject({ resync: true, missed: [] });
    expect(replay.headSeq).toBeGreaterThanOrEqual(head + 5001);
    // One fewer than the limit would still be replayed in full.
    const partial = expectOk(await client.subscribeWard(head + 2));
    expect(partial).toMatchObject({ resync: false });
    expect(partial.missed).toHaveLength(4999);
  });
});
