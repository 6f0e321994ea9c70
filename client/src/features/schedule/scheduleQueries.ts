import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../../shared/schemas/auth.ts';
import type { Chair } from '../../../../shared/schemas/chair.ts';
import type { Patient, PatientInput } from '../../../../shared/schemas/patient.ts';
import type { SessionInput, SessionSummary } from '../../../../shared/schemas/session.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { localIsoWithOffset } from '../entry/localTime.ts';

export function usePatientSearch(text: string, enabled: boolean) {
  const q = text.trim();
  return useQuery({
    queryKey: queryKeys.patients(q),
    enabled,
    placeholderData: keepPreviousData,
    // Someone else may have added a patient since: search again when asked again.
    staleTime: 10_000,
    queryFn: async ({ signal }) => (await getJson<{ patients: Patient[] }>(`/api/patients?q=${encodeURIComponent(q)}`, signal)).patients,
  });
}

export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.users,
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ users: SessionUser[] }>('/api/users', signal)).users,
  });
}

export function useChairs(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.chairs,
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ chairs: Chair[] }>('/api/chairs', signal)).chairs,
  });
}

export function useScheduledSessions(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.sessionList('scheduled'),
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ sessions: SessionSummary[] }>('/api/sessions?phase=scheduled', signal)).sessions,
  });
}

export function useCreatePatient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: PatientInput) => (await postJson<{ patient: Patient }>('/api/patients', input)).patient,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['patients'] }),
  });
}

export function useCreateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SessionInput) => (await postJson<{ session: SessionSummary }>('/api/sessions', input)).session,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessionList('scheduled') }),
  });
}

export function useCheckIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sessionId: string) =>
      (await postJson<{ session: SessionSummary }>(`/api/sessions/${sessionId}/phase`, { to: 'baseline', at: localIsoWithOffset(new Date()) })).session,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessionList('scheduled') }),
  });
}
