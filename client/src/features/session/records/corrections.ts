import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangeEvent } from '../../../../../shared/realtime/changes.ts';
import type { Observation, ObservationAmendment } from '../../../../../shared/schemas/observation.ts';
import type { SideEffectNote } from '../../../../../shared/schemas/sideEffect.ts';
import type { ScaleId } from '../../../../../shared/sideEffects/scales.ts';
import { type ApiIssue, reasonSchema } from '../../../../../shared/schemas/common.ts';
import { isApiError } from '../../../api/ApiError.ts';
import { postJson } from '../../../api/apiFetch.ts';
import { queryKeys } from '../../../api/queryKeys.ts';
import { newId } from '../../../offline/ids.ts';
import { type ObservationPages, patchObservationPages } from '../../../realtime/pagesPatch.ts';
import { patchSessionRecord } from '../../../realtime/sessionPatch.ts';
import type { SessionRecord } from '../../../../../shared/schemas/session.ts';
import type { ObservationFilter } from '../../../../../shared/schemas/series.ts';

/** Correct a record (a new version replaces it) or withdraw it as entered in error. */
export type CorrectionMode = 'correct' | 'error';

/** What is wrong with a correction's or a withdrawal's reason, if anything: the server's own rule. */
export function reasonProblem(reason: string): string | undefined {
  const parsed = reasonSchema.safeParse(reason);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

/**
 * The server's `issues` beside the fields they are about (by the last part of their path:
 * `values.systolic` → `systolic`); anything else, or an error without issues, above the form.
 */
export function errorsFrom(error: unknown, fields: readonly string[]): FormErrors {
  if (!isApiError(error)) return { fields: {}, form: error instanceof Error ? error.message : 'The change could not be saved.' };
  const byField: Record<string, string> = {};
  const rest: ApiIssue[] = [];
  for (const issue of error.issues) {
    const field = issue.path.split('.').at(-1) ?? '';
    if (fields.includes(field) && !byField[field]) byField[field] = issue.message;
    else rest.push(issue);
  }
  const form = rest.length > 0 ? rest.map((issue) => issue.message).join('; ') : error.issues.length === 0 ? error.message : null;
  return { fields: byField, form };
}

/** Applies our own correction to the table at once; the socket's copy of it changes nothing more. */
function applyToPages(queryClient: QueryClient, sessionId: string, change: ChangeEvent): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: queryKeys.observationPagesAll(sessionId) })) {
    const data = query.state.data as ObservationPages | undefined;
    if (!data) continue;
    const filter = (query.queryKey[3] ?? 'all') as ObservationFilter;
    const { next } = patchObservationPages(data, change, filter);
    if (next !== data) queryClient.setQueryData(query.queryKey, next);
  }
}

function localChange<T extends ChangeEvent['type']>(type: T, sessionId: string, payload: Extract<ChangeEvent, { type: T }>['payload']): ChangeEvent {
  return { seq: 0, type, sessionId, at: new Date().toISOString(), payload } as ChangeEvent;
}

/** Marking a record entered in error: the same for every kind of record. */
export type Withdrawal = { mode: 'error'; reason: string };

export type ObservationCorrection = { mode: 'correct'; values: ObservationAmendment['values']; reason: string } | Withdrawal;

export function useObservationCorrection(original: Observation) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (correction: ObservationCorrection): Promise<Observation> => {
      const base = `/api/observations/${encodeURIComponent(original.id)}`;
      if (correction.mode === 'error') {
        return (await postJson<{ observation: Observation }>(`${base}/entered-in-error`, { reason: correction.reason })).observation;
      }
      const body: ObservationAmendment = { id: newId(), reason: correction.reason, values: correction.values };
      return (await postJson<{ observation: Observation }>(`${base}/correct`, body)).observation;
    },
    onSuccess: (stored, correction) => {
      const change =
        correction.mode === 'error'
          ? localChange('observation.enteredInError', original.sessionId, { observation: stored })
          : localChange('observation.corrected', original.sessionId, { observation: stored, replaced: { ...original, supersededById: stored.id } });
      applyToPages(queryClient, original.sessionId, change);
    },
  });
}

export type SideEffectCorrection =
  | { mode: 'correct'; reason: string; severity?: SideEffectNote['severity']; scale?: ScaleId; score?: number; note?: string }
  | Withdrawal;

export function useSideEffectCorrection(original: SideEffectNote) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (correction: SideEffectCorrection): Promise<SideEffectNote> => {
      const base = `/api/side-effects/${encodeURIComponent(original.id)}`;
      if (correction.mode === 'error') {
        return (await postJson<{ sideEffect: SideEffectNote }>(`${base}/entered-in-error`, { reason: correction.reason })).sideEffect;
      }
      const { mode: _mode, ...amendment } = correction;
      return (await postJson<{ sideEffect: SideEffectNote }>(`${base}/correct`, { id: newId(), ...amendment })).sideEffect;
    },
    onSuccess: (stored, correction) => {
      // Upserted by id, so the socket's copy of the same change later changes nothing.
      const change =
        correction.mode === 'error'
          ? localChange('sideEffect.enteredInError', original.sessionId, { sideEffect: stored })
          : localChange('sideEffect.corrected', original.sessionId, { sideEffect: stored, replaced: { ...original, supersededById: stored.id } });
      const key = queryKeys.session(original.sessionId);
      const record = queryClient.getQueryData<SessionRecord>(key);
      if (record) queryClient.setQueryData(key, patchSessionRecord(record, change).next);
    },
  });
}
