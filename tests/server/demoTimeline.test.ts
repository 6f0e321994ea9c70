import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DemoSimulator } from '../../server/demo/simulator.ts';
import { createLogger } from '../../server/logger.ts';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus } from '../support/api.ts';
import { readSession } from '../support/clinic.ts';
import { type TestServer, startTestServer, tempSqlite } from '../support/testServer.ts';

/** Sixty times real time: a whole clinic cycle in a couple of minutes of clock. */
const SPEED = 60;
/** Longer than two device steps, like a late tick: the steps it plays lag the clock. */
const TICK_MS = 12_000;
/** Long enough for the last chair to discharge its first patient and book the next one. */
const CLINIC_MS = (140 * 60_000) / SPEED;

const at = (iso: string): number => Date.parse(iso);

/**
 * The demo as `npm run demo` plays it: seeded users and chairs, the simulator's opening check-ins,
 * then live ticks through infusion, recovery, discharge and the next booking. Every session's
 * timeline, read back through the API, must run in time order with the booking first.
 */
describe('demo: session timelines', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(tempSqlite());
    const simulator = new DemoSimulator(server.server.services, server.cast, createLogger('silent'), SPEED);
    // Only the clock is faked, for server and simulator alike: bookings are stamped with it and
    // nothing anyone records is in its future. Timers and I/O stay real.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      await simulator.start();
      // From here the test moves the clock and plays each tick itself.
      simulator.stop();
      const end = Date.now() + CLINIC_MS;
      while (Date.now() < end) {
        vi.setSystemTime(Date.now() + TICK_MS);
        await simulator.tick();
      }
    } finally {
      simulator.stop();
      vi.useRealTimers();
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('books every session before its check-in, and everything after it follows in time order', async () => {
    const nurse = new ApiClient(server.baseUrl, await server.signIn('nurse'));
    const sessions = expectStatus(await nurse.get<{ sessions: SessionSummary[] }>('/api/sessions?phase=all'), 200).sessions;
    // Each chair's first session ran to discharge and the next patient was booked during a tick.
    expect(sessions.length).toBeGreaterThanOrEqual(2 * server.cast.chairs.length);
    expect(sessions.filter((s) => s.phase === 'discharged').length).toBeGreaterThanOrEqual(server.cast.chairs.length);

    const problems: string[] = [];
    const eventKinds = new Set<string>();
    for (const summary of sessions) {
      const record = await readSession(nurse, summary.id);
      for (const event of record.infusionEvents) eventKinds.add(event.kind);
      const where = `${record.chair.label} ${record.patient.mrn}`;
      const [booking] = record.transitions;
      const checkIn = record.transitions.find((t) => t.to === 'baseline');
      if (booking?.to !== 'scheduled' || booking.from !== null) problems.push(`${where}: the first entry is not the booking`);
      if (!booking || !checkIn) {
        problems.push(`${where}: no booking or no check-in`);
        continue;
      }
      // The server lists phase changes as they were made; the page sorts by time. Both must agree.
      record.transitions.forEach((t, i) => {
        const before = record.transitions[i - 1];
        if (before && at(t.at) < at(before.at)) problems.push(`${where}: ${t.to} at ${t.at} is listed after ${before.to} at ${before.at}`);
      });
      if (at(checkIn.at) < at(booking.at)) problems.push(`${where}: checked in at ${checkIn.at}, booked at ${booking.at}`);
      for (const event of record.infusionEvents) {
        if (at(event.at) < at(checkIn.at)) problems.push(`${where}: infusion ${event.kind} at ${event.at} before check-in at ${checkIn.at}`);
      }
      const early = record.observations.filter((o) => at(o.observedAt) < at(checkIn.at));
      if (early.length > 0) problems.push(`${where}: ${early.length} readings before check-in at ${checkIn.at}, the first at ${early[0]?.observedAt}`);
    }
    expect(problems).toEqual([]);
    // The play reached every kind of entry the demo puts on a timeline.
    expect(eventKinds).toEqual(new Set(['started', 'stopped']));
  });
});
