import { type DashboardExpectation, checkDashboards, checkStore } from './checks.ts';
import type { ClientSummary } from './fleetProtocol.ts';
import type { WriteLedger } from './ledger.ts';
import { median } from './processMemory.ts';
import type { StoredObservations } from './storedObservations.ts';

export interface Verdict {
  name: string;
  ok: boolean;
  detail: string;
}

/** One row of the soak's table, as far as the flatness verdicts read it. */
export interface WindowFigures {
  full: boolean;
  p99: number;
}

export interface FlatnessLimits {
  memoryGrowthLimit?: number;
  latencyGrowthLimit?: number;
  latencyFloorMs?: number;
}

/** Nothing lost, nothing duplicated, every dashboard caught up: each as a verdict with its detail. */
export function judgeIntegrity(
  ledger: WriteLedger,
  stored: StoredObservations,
  clients: ClientSummary[],
  expectation: DashboardExpectation,
): Verdict[] {
  const verdict = (name: string, failures: string[], okDetail: string): Verdict => ({ name, ok: failures.length === 0, detail: failures.length === 0 ? okDetail : failures.join('\n') });
  const answered: string[] = [];
  if (ledger.unanswered.size > 0) answered.push(`${ledger.unanswered.size} write(s) never answered`);
  if (ledger.refused.size > 0) answered.push(`${ledger.refused.size} write(s) refused: ${ledger.refusalSamples.slice(0, 3).join(' | ')}`);
  if (ledger.recognisedRetries > 0) answered.push(`${ledger.recognisedRetries} first write(s) answered as already stored`);
  return [
    verdict('every write acknowledged', answered, `${ledger.acknowledged.size} of ${ledger.attempts}`),
    verdict('store: acknowledged = stored, each once in table and change log', checkStore(ledger, stored), `${stored.rows.length} stored, ${stored.logged.length} logged`),
    verdict('dashboards: each holds every stored observation exactly once', checkDashboards(clients, expectation), `${clients.length} dashboards × ${expectation.expected.count}`),
  ];
}

/** Memory and latency at the end of the run against the beginning. */
export function judgeFlatness(memory: Array<[number, number]>, windows: readonly WindowFigures[], warmUpS: number, options: FlatnessLimits): Verdict[] {
  const memoryLimit = options.memoryGrowthLimit ?? 1.2;
  const latencyLimit = options.latencyGrowthLimit ?? 2;
  const floorMs = options.latencyFloorMs ?? 20;
  const verdicts: Verdict[] = [];

  // After warm-up (the first window: JIT, caches, pools filling), the last third against the first.
  const settled = memory.filter(([t]) => t >= warmUpS).map(([, m]) => m);
  const third = Math.floor(settled.length / 3);
  if (third < 2) {
    verdicts.push({ name: 'server memory flat', ok: false, detail: `too few samples after warm-up (${settled.length})` });
  } else {
    const first = median(settled.slice(0, third));
    const last = median(settled.slice(-third));
    verdicts.push({
      name: 'server memory flat',
      ok: last <= first * memoryLimit,
      detail: `RSS median ${first.toFixed(1)} MiB (first third) → ${last.toFixed(1)} MiB (last third), limit ×${memoryLimit}`,
    });
  }

  const timed = windows.filter((w) => w.full && Number.isFinite(w.p99));
  const first = timed[0];
  const last = timed.length > 1 ? timed[timed.length - 1] : undefined;
  if (!first || !last) {
    verdicts.push({ name: 'latency flat', ok: false, detail: 'fewer than two measured windows' });
  } else {
    const limit = Math.max(first.p99 * latencyLimit, floorMs);
    verdicts.push({
      name: 'latency flat',
      ok: last.p99 <= limit,
      detail: `p99 ${first.p99.toFixed(1)} ms (first window) → ${last.p99.toFixed(1)} ms (last full window), limit ${limit.toFixed(1)} ms (×${latencyLimit}, at least ${floorMs} ms)`,
    });
  }
  return verdicts;
}
