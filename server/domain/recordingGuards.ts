import { isActivePhase, type SessionPhase } from '../../shared/session/phase.ts';
import { type ZonedInstant, isInFuture, parseZonedInstant } from '../../shared/time.ts';
import type { Tx } from '../db/groupCommit.ts';
import { DomainError, invalid, notFound } from './errors.ts';

/** What the recording rules need to know about a session. */
export interface RecordableSession {
  phase: string;
  signed_at: string | null;
}

/**
 * Checks that a session can take a clinical entry at the given time, and returns the time as a
 * UTC instant with its source offset. Device readings are refused once the session is closed;
 * a nurse may still document a late entry.
 */
export async function checkRecordable(
  trx: Tx,
  sessionId: string,
  observedAt: string,
  fromDevice: boolean,
  amending = false,
): Promise<ZonedInstant> {
  const session = await trx.selectFrom('sessions').select(['phase', 'signed_at']).where('id', '=', sessionId).executeTakeFirst();
  return assertRecordable(session, sessionId, observedAt, fromDevice, amending);
}

/** The same rules over a session row already read (a batch reads its sessions once). */
export function assertRecordable(
  session: RecordableSession | undefined,
  sessionId: string,
  observedAt: string,
  fromDevice: boolean,
  amending = false,
): ZonedInstant {
  if (!session) throw notFound('Session', sessionId, 'sessionId');
  // A signed record is locked: it changes only by amendment of what it holds.
  if (session.signed_at && !amending) {
    throw new DomainError(423, 'record_signed', 'This session has been signed; correct an entry instead of adding one', [
      { path: 'sessionId', code: 'record_signed', message: 'the record is signed and locked' },
    ]);
  }
  const phase = session.phase as SessionPhase;
  if (phase === 'scheduled') throw invalid('sessionId', 'session_not_started', 'The session has not been checked in yet');
  if (fromDevice && !isActivePhase(phase)) {
    throw invalid('sessionId', 'session_closed', 'The session is closed to device readings');
  }
  const observed = parseZonedInstant(observedAt);
  if (isInFuture(observed.utc)) {
    throw invalid('observedAt', 'observed_in_future', 'observedAt is in the future');
  }
  return observed;
}
