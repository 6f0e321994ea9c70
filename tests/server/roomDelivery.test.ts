import { expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import { isAlarmChange } from '../../shared/realtime/socketEvents.ts';
import { expectStatus } from '../support/api.ts';
import { bloodPressure, heartRateSeries, openSession } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';
import { seqsOf } from '../support/socketClient.ts';

const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
const sessionsOf = (changes: readonly ChangeEvent[]): string[] => [...new Set(changes.map((c) => c.sessionId))];

describeEachEngine('pushing committed changes to the rooms', (engine) => {
  const fx = useTestServer(engine);

  it('sends one message per commit and room: the whole run to the ward, each session its part, nothing twice', async () => {
    const mine = await openSession(fx);
    const other = await openSession(fx);
    const writer = await fx.socket('nurse');
    const wardOnly = await fx.socket('reviewer');
    const both = await fx.socket('physician');
    const sessionOnly = await fx.socket('nurse');
    await wardOnly.subscribeWard();
    await both.subscribeWard();
    await both.subscribeSession(mine.id);
    await sessionOnly.subscribeSession(mine.id);

    expect(await writer.recordObservations(heartRateSeries(mine.id, 5))).toMatchObject({ ok: true });
    expect(await writer.recordObservations(heartRateSeries(other.id, 2))).toMatchObject({ ok: true });

    await wardOnly.waitForChanges(7);
    await both.waitForChanges(7);
    await sessionOnly.waitForChanges(5);
    // One message per commit: five readings, then two.
    expect(wardOnly.batches.map((batch) => batch.length)).toEqual([5, 2]);
    expect(wardOnly.batches.map(sessionsOf)).toEqual([[mine.id], [other.id]]);
    // In the ward and the session room: the ward's messages only, so each change arrives once.
    expect(both.batches).toEqual(wardOnly.batches);
    // Only in the session room: that session's changes, one message.
    expect(sessionOnly.batches.map((batch) => batch.length)).toEqual([5]);
    expect(sessionOnly.changes).toEqual(wardOnly.changes.slice(0, 5));
    const seqs = seqsOf(wardOnly.changes);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(7);
  });

  it('sends the alarms room alarm changes only, live and in its replay', async () => {
    const session = await openSession(fx);
    const watch = await fx.socket('nurse');
    const subscribed = await watch.subscribeAlarms();
    if (!subscribed.ok) throw new Error(subscribed.message);

    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [bloodPressure(session.id, 192, 96, isoAgo(60_000))] }), 201);
    await watch.waitUntil(() => watch.alarmChanges.length > 0, 'the alarm');
    expect(watch.alarmChanges.every(isAlarmChange)).toBe(true);
    expect(watch.alarmChanges[0]).toMatchObject({ type: 'alarm.raised', sessionId: session.id });
    // Not in the ward room: no readings.
    expect(watch.changes).toEqual([]);

    // A screen that comes back later replays the alarms it missed, and nothing else.
    const late = await fx.socket('reviewer');
    const replay = await late.subscribeAlarms(subscribed.headSeq);
    expect(replay).toMatchObject({ ok: true, resync: false });
    if (!replay.ok) return;
    expect(replay.missed).toEqual(watch.alarmChanges);
    const everything = expectStatus(await fx.api('reviewer').get<{ missed: ChangeEvent[] }>(`/api/changes?since=${subscribed.headSeq}`), 200).missed;
    expect(everything.filter(isAlarmChange)).toEqual(replay.missed);
    expect(everything.length).toBeGreaterThan(replay.missed.length);
  });
});
