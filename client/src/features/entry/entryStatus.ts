import type { OutboxEntry } from '../../offline/outbox.ts';

export type EntryStage = 'sending' | 'waiting' | 'sent' | 'refused';

/** Where an entry is on its way to the server, as the nurse needs to know it. */
export function entryStage(entry: OutboxEntry, sendingId: string | null): EntryStage {
  if (entry.status === 'sent') return 'sent';
  if (entry.status === 'refused') return 'refused';
  return entry.id === sendingId || entry.attempts === 0 ? 'sending' : 'waiting';
}

export const STAGE_LABELS: Readonly<Record<EntryStage, string>> = {
  sending: 'Sending',
  waiting: 'Not sent yet',
  sent: 'Saved',
  refused: 'Refused',
};
