import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { InfusionEvent, SessionRecord, SessionSummary } from '../../../../shared/schemas/session.ts';
import { postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { newId } from '../../offline/ids.ts';
import { localIsoWithOffset } from './localTime.ts';

export type ActionRequest = { path: string; body: Record<string, unknown>; label: string };

/**
 * Phase changes and infusion events for one session, sent straight to the server; the record is
 * updated from the answer. The last request is kept until it succeeds, so "try again" resends it
 * as it was (same id: the server takes it once however often it arrives).
 */
export function useSessionChange(session: SessionRecord, onSaved: () => void) {
  const queryClient = useQueryClient();
  const [lastRequest, setLastRequest] = useState<ActionRequest | null>(null);

  const mutation = useMutation({
    mutationFn: (request: ActionRequest) => postJson<{ session: SessionSummary; event?: InfusionEvent }>(request.path, request.body),
    onSuccess: ({ session: summary, event }) => {
      queryClient.setQueryData<SessionRecord>(queryKeys.session(session.id), (current) => {
        if (!current) return current;
        const infusionEvents = event && !current.infusionEvents.some((existing) => existing.id === event.id) ? [...current.infusionEvents, event] : current.infusionEvents;
        return { ...current, ...summary, infusionEvents };
      });
      onSaved();
      setLastRequest(null);
    },
  });

  const run = (request: ActionRequest) => {
    setLastRequest(request);
    mutation.mutate(request);
  };

  const changePhase = (to: 'baseline' | 'discharged' | 'aborted', label: string, reason?: string) =>
    run({
      path: `/api/sessions/${session.id}/phase`,
      body: { to, at: localIsoWithOffset(new Date()), ...(reason ? { reason } : {}) },
      label,
    });

  const recordEvent = (kind: string, label: string, extra: Record<string, unknown> = {}) =>
    run({
      path: `/api/sessions/${session.id}/infusion-events`,
      body: { id: newId(), kind, at: localIsoWithOffset(new Date()), ...extra },
      label,
    });

  const retry = () => {
    if (lastRequest) mutation.mutate(lastRequest);
  };

  return { mutation, lastRequest, changePhase, recordEvent, retry };
}
