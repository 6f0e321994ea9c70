import type { ClientSummary } from './fleetProtocol.ts';
import { type IdDigest, digestOf, sameDigest } from './idDigest.ts';
import type { WriteLedger } from './ledger.ts';
import type { StoredObservations } from './storedObservations.ts';

const SHOW = 5;

function some(ids: readonly string[]): string {
  return `${ids.slice(0, SHOW).join(', ')}${ids.length > SHOW ? ` … (${ids.length} in all)` : ''}`;
}

/**
 * The store against the senders' ledger: every acknowledged observation stored (none lost), each
 * exactly once in the table and once in the change log (none duplicated), nothing refused stored
 * (no half-stored request), nothing stored that nobody sent. Returns the failures, empty when none.
 */
export function checkStore(ledger: WriteLedger, stored: StoredObservations): string[] {
  const failures: string[] = [];
  const rows = new Set(stored.rows);
  if (rows.size !== stored.rows.length) failures.push(`the observations table holds ${stored.rows.length - rows.size} duplicate row(s)`);

  const lost = [...ledger.acknowledged].filter((id) => !rows.has(id));
  if (lost.length > 0) failures.push(`${lost.length} acknowledged observation(s) not stored: ${some(lost)}`);
  const halfStored = [...ledger.refused.keys()].filter((id) => rows.has(id));
  if (halfStored.length > 0) failures.push(`${halfStored.length} refused observation(s) stored anyway: ${some(halfStored)}`);
  const attempted = ledger.attemptedIds();
  const strangers = stored.rows.filter((id) => !attempted.has(id));
  if (strangers.length > 0) failures.push(`${strangers.length} stored observation(s) nobody sent: ${some(strangers)}`);

  const logCount = new Map<string, number>();
  for (const id of stored.logged) logCount.set(id, (logCount.get(id) ?? 0) + 1);
  const twice = [...logCount].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length > 0) failures.push(`${twice.length} observation(s) logged as recorded more than once: ${some(twice)}`);
  const unlogged = stored.rows.filter((id) => !logCount.has(id));
  if (unlogged.length > 0) failures.push(`${unlogged.length} stored observation(s) missing from the change log: ${some(unlogged)}`);
  const ghosts = [...logCount.keys()].filter((id) => !rows.has(id));
  if (ghosts.length > 0) failures.push(`${ghosts.length} change-log entr(ies) for observations not stored: ${some(ghosts)}`);
  return failures;
}

export interface DashboardExpectation {
  /** The observations every dashboard must hold, each exactly once. */
  expected: IdDigest;
  /** A fault-free run: no sequence gaps, no repeated pushes, no reconnection. */
  steady: boolean;
}

/** Every dashboard against what the store holds. Returns the failures, empty when none. */
export function checkDashboards(clients: readonly ClientSummary[], { expected, steady }: DashboardExpectation): string[] {
  const failures: string[] = [];
  const describe = (what: string, bad: readonly ClientSummary[], detail: (c: ClientSummary) => string) => {
    if (bad.length === 0) return;
    failures.push(`${bad.length} of ${clients.length} dashboard(s) ${what}: ${bad.slice(0, SHOW).map((c) => `#${c.index} ${detail(c)}`).join('; ')}`);
  };
  describe('do not hold every stored observation exactly once', clients.filter((c) => !sameDigest(c.observations, expected)), (c) => `holds ${c.observations.count} of ${expected.count}`);
  describe('were told to resync (gap too large to replay)', clients.filter((c) => c.resyncs > 0), (c) => `${c.resyncs}×`);
  describe('are not connected at the end', clients.filter((c) => !c.connected), (c) => c.lastError ?? 'no error recorded');
  if (steady) {
    describe('saw gaps in the sequence', clients.filter((c) => c.gaps > 0), (c) => `${c.gaps} gap(s)`);
    describe('were pushed changes they already had', clients.filter((c) => c.repeats > 0), (c) => `${c.repeats} repeat(s)`);
    describe('lost their connection', clients.filter((c) => c.disconnects > 0), (c) => `${c.disconnects}× (${c.lastError ?? 'no error'})`);
  }
  return failures;
}

export const storedDigest = (stored: StoredObservations): IdDigest => digestOf(new Set(stored.rows));

/** How many dashboards hold fewer observations than the store (still catching up). */
export const behind = (clients: readonly ClientSummary[], expected: IdDigest): number =>
  clients.filter((c) => c.observations.count < expected.count).length;
