import { describe, expect, it } from 'vitest';
import { runSoak } from '../load/soakRun.ts';
import { sqliteStore } from '../support/spawnedStore.ts';

/**
 * The short soak: `npm run soak` for 20 seconds with 20 dashboards, against the real server in its
 * own process and the dashboards in theirs. It asserts what must hold however slow the machine is
 * (nothing lost, nothing duplicated, every dashboard caught up, memory bounded); how fast is the
 * benchmark's business, so latency is reported by `npm run soak`, never asserted here.
 */
describe('soak, short', () => {
  it('200 readings a second for 20 s: every one stored and on every dashboard exactly once, memory bounded', async () => {
    const store = sqliteStore();
    try {
      const result = await runSoak({ store, durationMs: 20_000, ratePerSecond: 200, chairs: 40, dashboards: 20, gateways: 2, memoryGrowthLimit: 1.5 });
      expect(result.integrity.filter((v) => !v.ok)).toEqual([]);
      expect(result.totals.acknowledged).toBeGreaterThan(0);
      expect(result.totals.stored).toBe(result.totals.acknowledged);
      const memory = result.flatness.find((v) => v.name === 'server memory flat');
      expect(memory?.ok, memory?.detail).toBe(true);
    } finally {
      await store.remove();
    }
  }, 85_000);
});
