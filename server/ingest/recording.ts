import { observationInputSchema } from '../../shared/schemas/observation.ts';
import type { ObservationSource } from '../../shared/records.ts';
import type { RecordedResult } from '../../shared/realtime/socketEvents.ts';
import type { IngestIssue, IngestReading } from '../../shared/ingest/types.ts';
import { isInFuture } from '../../shared/time.ts';
import { VITALS } from '../../shared/vitals/catalogue.ts';
import type { GroupCommitter, Tx } from '../db/groupCommit.ts';
import type { Actor } from '../domain/actor.ts';
import type { ObservationService } from '../domain/observations.ts';
import { requestHash } from '../domain/requestHash.ts';
import { derivedId } from './ids.ts';

export interface PreparedReading {
  reading: IngestReading;
  input: Record<string, unknown> & { id: string };
}

/** The observation input for a reading; its id is derived from `idName`, so a resend is the same write. */
export function toInput(reading: IngestReading, sessionId: string, source: ObservationSource, deviceId: string | null, idName: string): PreparedReading {
  const input: Record<string, unknown> & { id: string } = {
    id: derivedId(idName),
    sessionId,
    kind: reading.kind,
    ...reading.values,
    observedAt: reading.observedAt,
    source,
    ...(reading.sentinel ? {} : { unit: reading.unit }),
    ...(deviceId ? { deviceId: deviceId.slice(0, 128) } : {}),
  };
  return { reading, input };
}

/**
 * Checks a prepared reading the way `recordObservations` will, so one bad reading is reported on
 * its own instead of refusing the whole batch. Device sentinels pass: they become technical alarms.
 */
export function checkReading(prepared: PreparedReading, now = Date.now()): IngestIssue | null {
  const { reading, input } = prepared;
  if (isInFuture(new Date(reading.observedAt).toISOString(), now)) {
    return { location: reading.location, code: 'observed_in_future', message: `${VITALS[reading.kind].label} at ${reading.observedAt} is in the future`, severity: 'error' };
  }
  if (reading.sentinel) return null;
  const parsed = observationInputSchema.safeParse(input);
  if (parsed.success) return null;
  const first = parsed.error.issues[0];
  return { location: reading.location, code: 'invalid_reading', message: `${VITALS[reading.kind].label}: ${first?.message ?? 'not a valid reading'}`, severity: 'error' };
}

/** The fingerprint `recordObservations` stores for an input, to confirm a stored row is this write. */
function expectedHash(input: unknown): string | null {
  const parsed = observationInputSchema.safeParse(input);
  return parsed.success ? requestHash({ ...parsed.data, amends: undefined }) : null;
}

/**
 * Records readings through `recordObservations` and runs `followUp` (the import row, the inbox
 * update, their audit entries) in the same database transaction: both units are queued in the
 * same tick, so the group committer commits them together, and `followUp` first confirms every
 * reading it describes is stored with exactly this content — if the readings were refused,
 * the follow-up is refused too.
 */
export async function recordWithFollowUp<T>(
  writer: GroupCommitter,
  observations: ObservationService,
  actor: Actor,
  prepared: PreparedReading[],
  followUp: (trx: Tx) => Promise<T>,
): Promise<{ results: RecordedResult[]; followUp: T }> {
  const inputs = prepared.map((p) => p.input);
  const stored = prepared.filter((p) => !p.reading.sentinel).map((p) => ({ id: p.input.id, hash: expectedHash(p.input) }));
  const recording = inputs.length > 0 ? observations.recordObservations(actor, inputs) : Promise.resolve([]);
  const following = writer.execute(async (trx) => {
    for (let i = 0; i < stored.length; i += 500) {
      const chunk = stored.slice(i, i + 500);
      const rows = await trx.selectFrom('observations').select(['id', 'request_hash']).where('id', 'in', chunk.map((s) => s.id)).execute();
      const ok = chunk.every((s) => rows.some((r) => r.id === s.id && r.request_hash === s.hash));
      if (!ok) throw new Error('the readings were not stored; nothing else is');
    }
    return { result: await followUp(trx), changes: [] };
  });
  const [a, b] = await Promise.allSettled([recording, following]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return { results: a.value, followUp: b.value };
}

/** Ids among `ids` already stored (before a write, to tell new readings from resent ones). */
export async function existingIds(db: Pick<Tx, 'selectFrom'>, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('observations').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}
