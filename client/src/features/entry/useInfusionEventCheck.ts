import { useState } from 'react';
import { infusionEventInputSchema } from '../../../../shared/schemas/session.ts';
import type { InfusionEventKind } from '../../../../shared/session/phase.ts';
import { newId } from '../../offline/ids.ts';

/**
 * Checks the infusion event a form would send against the shared schema, so the form never passes
 * what the server refuses, and keeps the last refused check's errors by field (the first message
 * each); a check that passes leaves them, as the form closes once the event is saved.
 */
export function useInfusionEventCheck(kind: InfusionEventKind) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  /**
   * True when the event may go. `notANumber` names a field whose text did not read as a number: it
   * says so, rather than the schema's words about NaN.
   */
  const check = (extra: Record<string, unknown>, notANumber: string | null): boolean => {
    const problems: Record<string, string> = notANumber ? { [notANumber]: 'must be a number' } : {};
    const parsed = infusionEventInputSchema.safeParse({ id: newId(), kind, at: new Date().toISOString(), ...extra });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems[String(issue.path[0] ?? 'form')] ??= issue.message;
    }
    if (Object.keys(problems).length === 0) return true;
    setErrors(problems);
    return false;
  };
  return { errors, check };
}
