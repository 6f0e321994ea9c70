import { sleep, wallNow } from './clock.ts';
import type { Fleet } from './fleet.ts';

/**
 * Waits until every dashboard of the fleet has applied at least `count` observations, and
 * returns the wall-clock time it was first seen to be so (polled every `everyMs`).
 */
export async function deliveredToAll(fleet: Fleet, count: number, limitMs: number, everyMs = 50): Promise<number> {
  const deadline = wallNow() + limitMs;
  for (;;) {
    const clients = await fleet.summary();
    const at = wallNow();
    const least = Math.min(...clients.map((c) => c.observations.count));
    if (least >= count) return at;
    if (at > deadline) throw new Error(`after ${limitMs} ms the slowest dashboard holds ${least} of ${count} observations`);
    await sleep(everyMs);
  }
}
