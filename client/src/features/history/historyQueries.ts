import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HistoryPage, RemsSummary, SeriesEntry } from '../../../../shared/schemas/history.ts';
import type { ObservationPage, SessionSummary } from '../../../../shared/schemas/session.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';

const enc = encodeURIComponent;

/** One page of the history search; `params` is the query string the form built. */
export function useHistorySearch(params: string, enabled: boolean) {
  return useQuery({
    queryKey: ['history', 'search', params] as const,
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => getJson<HistoryPage>(`/api/history?${params}`, signal),
  });
}

export function usePatientSeries(patientId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['history', 'patient', patientId] as const,
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ series: SeriesEntry[] }>(`/api/patients/${enc(patientId)}/series`, signal)).series,
  });
}

export function useRems(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['history', 'rems', sessionId] as const,
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ rems: RemsSummary }>(`/api/sessions/${enc(sessionId)}/rems`, signal)).rems,
  });
}

/** Every observation version of the session, oldest first (a report is read top to bottom). */
export function useAllObservations(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['history', 'observations', sessionId] as const,
    enabled,
    queryFn: async ({ signal }) => {
      const all: ObservationPage['observations'] = [];
      let before: string | null = null;
      do {
        const query = new URLSearchParams({ limit: '500' });
        if (before) query.set('before', before);
        const page: ObservationPage = await getJson<ObservationPage>(`/api/sessions/${enc(sessionId)}/observations?${query.toString()}`, signal);
        all.push(...page.observations);
        before = page.nextBefore;
      } while (before);
      return all.sort((a, b) => a.observedAt.localeCompare(b.observedAt) || a.recordedAt.localeCompare(b.recordedAt));
    },
  });
}

/** A physician's sign-off; a 409 carries the REMS items still missing as issues. */
export function useSignSession(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<{ session: SessionSummary }>(`/api/sessions/${enc(sessionId)}/sign`),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.session(sessionId) }),
        queryClient.invalidateQueries({ queryKey: ['history'] }),
      ]);
    },
  });
}
