import type { ObservationInput } from '../../shared/schemas/observation.ts';
import { sleep, wallNow } from './clock.ts';
import type { Outcome } from './ledger.ts';
import type { Producer } from './producer.ts';
import { monitorReading } from './readings.ts';

export interface LoadPlan {
  /** Checked-in sessions, one per chair. */
  sessions: readonly string[];
  /** Chair `i` is served by producer `i % producers.length`, as a gateway owns its monitors. */
  producers: readonly Producer[];
  /** Called just before each observation goes out, with its wall-clock send time. */
  onSent?: (id: string, sentAt: number) => void;
  /** Ends the run early (e.g. the server was killed). */
  stop?: () => boolean;
  /** Awaited before each send of a saturated run, e.g. to bound the backlog downstream. */
  gate?: () => Promise<void>;
}

const MAX_OUTSTANDING = 20_000;

function sendOne(plan: LoadPlan, n: number): Promise<Outcome> {
  const chair = n % plan.sessions.length;
  const producer = plan.producers[chair % plan.producers.length];
  const sessionId = plan.sessions[chair];
  if (!producer || !sessionId) throw new Error('a load plan needs sessions and producers');
  const observation: ObservationInput = monitorReading(sessionId, n, `monitor-${chair}`);
  plan.onSent?.(observation.id, wallNow());
  return producer.send([observation]);
}

/**
 * Every chair sends one reading per `1 / perChairHz` seconds, the chairs spread evenly over the
 * period as free-running monitors would be: `rate` observations per second in all, each sent on its
 * own schedule without waiting for earlier acks. Resolves once every write has been answered (or
 * timed out).
 */
export async function runPaced(plan: LoadPlan, ratePerSecond: number, durationMs: number): Promise<{ sent: number }> {
  const outstanding = new Set<Promise<Outcome>>();
  const start = wallNow();
  let sent = 0;
  for (;;) {
    const elapsed = wallNow() - start;
    if (elapsed >= durationMs || plan.stop?.()) break;
    const due = Math.floor((elapsed * ratePerSecond) / 1000);
    while (sent < due && outstanding.size < MAX_OUTSTANDING) {
      const write = sendOne(plan, sent++);
      outstanding.add(write);
      void write.finally(() => outstanding.delete(write));
    }
    const next = start + ((sent + 1) * 1000) / ratePerSecond;
    await sleep(Math.max(1, next - wallNow()));
  }
  await Promise.all(outstanding);
  return { sent };
}

/**
 * As fast as acks allow with `inFlight` writes outstanding at any time: the offered load adapts to
 * the server, and no queue grows anywhere but where the server lets it.
 */
export async function runSaturated(plan: LoadPlan, inFlight: number, durationMs: number): Promise<{ sent: number; elapsedMs: number }> {
  const start = wallNow();
  let sent = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (wallNow() - start < durationMs && !plan.stop?.()) {
        await plan.gate?.();
        await sendOne(plan, sent++);
      }
    }),
  );
  return { sent, elapsedMs: wallNow() - start };
}
