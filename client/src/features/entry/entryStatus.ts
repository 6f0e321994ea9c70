import type { OutboxEntry } from '../../offline/outbox.ts';

export type EntryStage = 'sending' | 'waiting' | 'sent' | 'refused';

/**
 * Where an entry is on its way to the server, as the nurse needs to know it. `held`: the outbox is
 * waiting to try again (offline, signed out): an entry queued behind one that failed has not been
 * tried yet, but it is not being sent either, and "Sending…" for minutes would say otherwise.
 */
export function entryStage(entry: OutboxEntry, sendingId: string | null, held = false): EntryStage {
  if (entry.status === 'sent') return 'sent';
  if (entry.status === 'refused') return 'refused';
  if (entry.id === sendingId) return 'sending';
  return entry.attempts === 0 && !held ? 'sending' : 'waiting';
}

export const STAGE_LABELS: Readonly<Record<EntryStage, string>> = {
  sending: 'Sending',
  waiting: 'Not sent yet',
  sent: 'Saved',
  refused: 'Refused',
};

/** Server refusal codes a nurse meets at the bedside, in words she can act on. */
const FRIENDLY: Readonly<Record<string, string>> = {
  observed_in_future: 'The time is ahead of the server’s clock: check the tablet’s clock, or use the current time',
  session_not_started: 'The patient has not been checked in yet',
  session_closed: 'This session is closed',
  not_found: 'This session no longer exists',
  id_conflict: 'Another entry with the same id is already stored',
  forbidden: 'Your role may not record this',
};

/** The server's message, or a plainer one for the codes above. */
export function friendlyMessage(code: string, message: string): string {
  return FRIENDLY[code] ?? message;
}
