import type { SessionSummary } from '../../../shared/schemas/session.ts';
import { INDICATION_LABELS } from '../../../shared/session/protocol.ts';

/** The indication as the clinic wrote it: the catalogue label, or the free text for "other". */
export function indicationText(session: Pick<SessionSummary, 'indication' | 'indicationOther'>): string {
  if (session.indication === 'other' && session.indicationOther) return session.indicationOther;
  return INDICATION_LABELS[session.indication];
}

/** Whether an MRN already says what it is ("MRN-104233"), so the screen need not label it again. */
export function mrnIsSelfLabelled(mrn: string): boolean {
  return /^mrn\b/i.test(mrn);
}
