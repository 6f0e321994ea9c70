import { checkDashboards } from '../../load/checks.ts';
import { sleep, wallNow } from '../../load/clock.ts';
import { deliveredToAll } from '../../load/delivery.ts';
import { type Fleet, startFleet } from '../../load/fleet.ts';
import { LatencyHistogram } from '../../load/histogram.ts';
import { digestOf } from '../../load/idDigest.ts';
import { mergeLedgers } from '../../load/ledger.ts';
import { type LoadPlan, runPaced, runSaturated } from '../../load/pacing.ts';
import type { SocketProducer } from '../../load/producer.ts';
import { type RelayTarget, bareRelay, ourServer } from '../../load/relayTargets.ts';
import type { BenchResult } from '../benchResult.ts';

/**
 * Ingest→dashboard latency and saturation throughput, ours beside a bare Socket.IO relay. Every
 * part is its own process: the relay (our real server on SQLite, or the bare relay), the dashboard
 * fleet (100 websocket clients), and this one, which produces through device-gateway sockets.
 */

const CHAIRS = 200;
const DASHBOARDS = 100;
const GATEWAYS = 4;
const WARM_UP_MS = 2_000;
const LATENCY_MS = 10_000;
const SATURATION_MS = 8_000;
/**
 * Saturation is measured in rounds, ours and the bare relay alternating (bare, ours, ours, bare,
 * bare, ours), and each side's median is taken: one short run each swings with whatever else the
 * machine and its disk are doing at that moment, and the alternation spreads that over both sides.
 */
const SATURATION_ORDER = ['bare', 'ours', 'ours', 'bare', 'bare', 'ours'] as const;
const IN_FLIGHT = 200;
/**
 * Acknowledged but not yet on every dashboard, at most. A relay that acks before it delivers (the
 * bare one) would otherwise take in far more than it can push out and measure its own buffering.
 */
const BACKLOG = 2_000;

interface Session {
  target: RelayTarget;
  fleet: Fleet;
  producers: SocketProducer[];
  plan: LoadPlan;
  acknowledged(): number;
  /** Problems with what was delivered: losses, duplicates, refusals. */
  problems(): Promise<string[]>;
}

async function withTarget<T>(open: () => Promise<RelayTarget>, measureLatency: boolean, measure: (s: Session) => Promise<T>): Promise<T> {
  const target = await open();
  let fleet: Fleet | undefined;
  let producers: SocketProducer[] = [];
  try {
    fleet = await startFleet({ url: target.url, clients: DASHBOARDS, cookie: target.readerCookie, measureLatency });
    producers = await target.connectProducers();
    const activeFleet = fleet;
    const plan: LoadPlan = { sessions: target.sessions, producers, ...(measureLatency ? { onSent: (id, at) => activeFleet.noteSent(id, at) } : {}) };
    const ledger = () => mergeLedgers(producers.map((p) => p.ledger));
    return await measure({
      target,
      fleet,
      producers,
      plan,
      acknowledged: () => producers.reduce((n, p) => n + p.ledger.acknowledged.size, 0),
      async problems() {
        const all = ledger();
        const problems = checkDashboards(await activeFleet.summary(), { expected: digestOf(all.acknowledged), steady: true });
        if (all.unanswered.size > 0) problems.push(`${all.unanswered.size} write(s) unanswered`);
        if (all.refused.size > 0) problems.push(`${all.refused.size} write(s) refused: ${all.refusalSamples.slice(0, 2).join(' | ')}`);
        return problems;
      },
    });
  } finally {
    for (const p of producers) p.close();
    await fleet?.close();
    await target.close();
  }
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
  delivered: number;
  expected: number;
  problems: string[];
}

/** 200 chairs at 1 Hz, each second's readings spread over the second, every dashboard timed. */
function latency(open: () => Promise<RelayTarget>): Promise<Latency> {
  return withTarget(open, true, async (s) => {
    await runPaced(s.plan, CHAIRS, WARM_UP_MS);
    await deliveredToAll(s.fleet, s.acknowledged(), 60_000);
    await s.fleet.report();
    const before = s.acknowledged();
    await runPaced(s.plan, CHAIRS, LATENCY_MS);
    await deliveredToAll(s.fleet, s.acknowledged(), 60_000).catch(() => undefined);
    const report = await s.fleet.report();
    const histogram = LatencyHistogram.from(report.latency);
    return {
      p50: histogram.percentile(50),
      p99: histogram.percentile(99),
      max: histogram.max,
      delivered: report.deliveries,
      expected: (s.acknowledged() - before) * DASHBOARDS,
      problems: await s.problems(),
    };
  });
}

interface Saturation {
  /** Observations in per second, counted once each has reached every dashboard. */
  rate: number;
  /** Acknowledged per second while the producers ran (what the relay took in, backlog-bounded). */
  ingest: number;
  problems: string[];
}

/**
 * As fast as acks allow, IN_FLIGHT outstanding and at most BACKLOG not yet delivered everywhere;
 * the clock stops when the slowest dashboard has everything.
 */
function saturation(open: () => Promise<RelayTarget>): Promise<Saturation> {
  return withTarget(open, false, async (s) => {
    let delivered = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        delivered = Math.min(...(await s.fleet.summary()).map((c) => c.observations.count));
        await sleep(20);
      }
    })();
    const plan: LoadPlan = {
      ...s.plan,
      gate: async () => {
        while (s.acknowledged() - delivered >= BACKLOG) await sleep(2);
      },
    };
    try {
      await runSaturated(plan, IN_FLIGHT, WARM_UP_MS);
      await deliveredToAll(s.fleet, s.acknowledged(), 120_000);
      const before = s.acknowledged();
      const start = wallNow();
      const run = await runSaturated(plan, IN_FLIGHT, SATURATION_MS);
      const taken = s.acknowledged() - before;
      const done = await deliveredToAll(s.fleet, s.acknowledged(), 120_000);
      return { rate: taken / ((done - start) / 1000), ingest: taken / (run.elapsedMs / 1000), problems: await s.problems() };
    } finally {
      watching = false;
      await watcher;
    }
  });
}

export async function relayBench(): Promise<BenchResult[]> {
  const open = { ours: () => ourServer(CHAIRS, GATEWAYS), bare: () => bareRelay(CHAIRS, GATEWAYS) };
  const oursLatency = await latency(open.ours);
  const bareLatency = await latency(open.bare);
  const rounds: Record<'ours' | 'bare', Saturation[]> = { ours: [], bare: [] };
  for (const side of SATURATION_ORDER) rounds[side].push(await saturation(open[side]));
  const oursSaturation = medianRound(rounds.ours);
  const bareSaturation = medianRound(rounds.bare);
  const roundRates = (side: 'ours' | 'bare') => rounds[side].map((r) => r.rate.toFixed(0)).join(', ');
  const lossless = (l: Latency) => l.problems.length === 0 && l.delivered === l.expected;
  const detail = (l: Latency) =>
    `${l.delivered} of ${l.expected} deliveries, max ${l.max.toFixed(0)} ms${l.problems.length > 0 ? `; ${l.problems.join('; ')}` : ''}`;
  const ratio = oursSaturation.rate / bareSaturation.rate;
  const load = `${CHAIRS} chairs × 1 Hz, ${DASHBOARDS} dashboards`;
  return [
    {
      name: `ingest→dashboard p50, ${load}`,
      value: oursLatency.p50,
      unit: 'ms',
      reference: { name: 'bare relay', value: bareLatency.p50 },
      target: 'informational',
      met: true,
      detail: detail(oursLatency),
    },
    {
      name: `ingest→dashboard p99, ${load}`,
      value: oursLatency.p99,
      unit: 'ms',
      reference: { name: 'bare relay', value: bareLatency.p99 },
      target: '≤ 50 ms, nothing lost',
      met: oursLatency.p99 <= 50 && lossless(oursLatency),
      detail: `${detail(oursLatency)} (bare relay: ${detail(bareLatency)})`,
    },
    {
      name: `relay saturation, stored and numbered, ${DASHBOARDS} dashboards (msgs/s in, delivered to all)`,
      value: oursSaturation.rate,
      unit: 'msg/s',
      reference: { name: 'bare Socket.IO relay, nothing stored', value: bareSaturation.rate },
      ratio,
      target: '≥ 0.8× bare relay, nothing lost',
      // Every round of ours must lose nothing, not only the median one.
      met: ratio >= 0.8 && rounds.ours.every((r) => r.problems.length === 0),
      detail:
        `median of ${rounds.ours.length} alternating rounds each (ours ${roundRates('ours')}; bare ${roundRates('bare')}); ${IN_FLIGHT} in flight, backlog ≤ ${BACKLOG}; acked ${oursSaturation.ingest.toFixed(0)}/s vs bare ${bareSaturation.ingest.toFixed(0)}/s while producing` +
        [...rounds.ours.flatMap((r) => r.problems), ...rounds.bare.flatMap((r) => r.problems).map((p) => `bare: ${p}`)].map((p) => `; ${p}`).join(''),
    },
  ];
}

/** The round with the median rate (the middle one of an odd number). */
function medianRound(rounds: readonly Saturation[]): Saturation {
  const sorted = [...rounds].sort((a, b) => a.rate - b.rate);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no saturation rounds');
  return middle;
}
