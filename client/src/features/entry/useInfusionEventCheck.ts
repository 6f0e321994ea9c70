import { useState } from 'react';
import type { z } from 'zod';
import { infusionEventInputSchema } from '../../../../shared/schemas/session.ts';
import type { InfusionEventKind } from '../../../../shared/session/phase.ts';
import { newId } from '../../offline/ids.ts';

/**
 * Checks the infusion event a form would send against the shared schema, so the form never passes
 * what the server refuses, and keeps the last refused check's errors by field (the first message
 * each); a check that passes leaves them, as the form closes once the event is saved. `units`
 * names a field's unit, so a limit reads "must be more than 0 mg/h".
 */
export function useInfusionEventCheck(kind: InfusionEventKind, units: Readonly<Record<string, string>> = {}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  /**
   * True when the event may go. `notANumber` names a field whose text did not read as a number: it
   * says so, rather than the schema's words about NaN.
   */
  const check = (extra: Record<string, unknown>, notANumber: string | null): boolean => {
    const problems: Record<string, string> = notANumber ? { [notANumber]: 'must be a number' } : {};
    const event: Record<string, unknown> = { id: newId(), kind, at: new Date().toISOString(), ...extra };
    const refused = collect(infusionEventInputSchema.safeParse(event), problems, units);
    // zod checks what the kind requires (a drug, a rate) only once every field parses: asked again
    // without the fields already refused, it names a missing drug together with a wrong dose.
    if (refused.length > 0) {
      const rest = Object.fromEntries(Object.entries(event).filter(([field]) => !refused.includes(field)));
      collect(infusionEventInputSchema.safeParse(rest), problems, units);
    }
    if (Object.keys(problems).length === 0) return true;
    setErrors(problems);
    return false;
  };
  return { errors, check };
}

/** Adds each refused field's first message to `problems` (kept if it has one); returns the fields. */
function collect(parsed: z.ZodSafeParseResult<unknown>, problems: Record<string, string>, units: Readonly<Record<string, string>>): string[] {
  if (parsed.success) return [];
  const fields: string[] = [];
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    problems[field] ??= plainWords(issue, units[field]);
    fields.push(field);
  }
  return fields;
}

/** zod's "Too small: expected number to be >0" is not how a nurse reads a limit. */
function plainWords(issue: z.core.$ZodIssue, unit: string | undefined): string {
  const withUnit = (value: unknown) => (unit ? `${String(value)} ${unit}` : String(value));
  if (issue.code === 'too_small' && issue.origin === 'number') return issue.inclusive ? `must be at least ${withUnit(issue.minimum)}` : `must be more than ${withUnit(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return issue.inclusive ? `must be at most ${withUnit(issue.maximum)}` : `must be less than ${withUnit(issue.maximum)}`;
  return issue.message;
}
