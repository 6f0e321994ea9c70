import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeviceIngestStatus, DeviceMapping, DeviceMappingInput, ImportCommitResult, ImportPreview, ImportRequest, InboxEntry } from '../../../../shared/ingest/schemas.ts';
import type { Chair } from '../../../../shared/schemas/chair.ts';
import type { SessionSummary } from '../../../../shared/schemas/session.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';

export interface RememberedMapping {
  deviceModel: string;
  mapping: unknown;
  updatedAt: string;
}

export interface IngestStatus {
  devices: DeviceIngestStatus[];
  openInbox: number;
  listener: { host: string; port: number } | null;
}

/** Sessions a reading may go to: checked in and not yet discharged. */
export function useActiveSessions(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.sessionList('active'),
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ sessions: SessionSummary[] }>('/api/sessions?phase=active', signal)).sessions,
  });
}

export function useColumnMappings(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.ingestColumnMappings,
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ mappings: RememberedMapping[] }>('/api/imports/column-mappings', signal)).mappings,
  });
}

export function usePreviewImport() {
  return useMutation({
    mutationFn: async (request: ImportRequest) => (await postJson<{ preview: ImportPreview }>('/api/imports/preview', request)).preview,
  });
}

export function useCommitImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ImportRequest) => postJson<ImportCommitResult>('/api/imports/commit', request),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.ingestColumnMappings });
      const sessions = new Set(result.preview.rows.map((r) => r.sessionId).filter((id): id is string => id !== null));
      for (const id of sessions) void queryClient.invalidateQueries({ queryKey: queryKeys.session(id) });
    },
  });
}

export function useInbox(status: 'open' | 'all') {
  return useQuery({
    queryKey: queryKeys.ingestInbox(status),
    queryFn: async ({ signal }) => (await getJson<{ entries: InboxEntry[] }>(`/api/ingest/inbox?status=${status}`, signal)).entries,
  });
}

export function useAssignInbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, sessionId }: { id: string; sessionId: string }) =>
      postJson<{ entry: InboxEntry; stored: number }>(`/api/ingest/inbox/${encodeURIComponent(id)}/assign`, { sessionId }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.ingestAll });
      if (result.entry.sessionId) void queryClient.invalidateQueries({ queryKey: queryKeys.session(result.entry.sessionId) });
    },
  });
}

export function useDismissInbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => postJson<{ entry: InboxEntry }>(`/api/ingest/inbox/${encodeURIComponent(id)}/dismiss`, { reason }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.ingestAll }),
  });
}

export function useIngestStatus() {
  return useQuery({
    queryKey: queryKeys.ingestStatus,
    queryFn: ({ signal }) => getJson<IngestStatus>('/api/ingest/status', signal),
    refetchInterval: 15_000,
  });
}

export function useDeviceMappings() {
  return useQuery({
    queryKey: queryKeys.ingestDeviceMappings,
    queryFn: async ({ signal }) => (await getJson<{ mappings: DeviceMapping[] }>('/api/ingest/device-mappings', signal)).mappings,
  });
}

export function useChairList(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.chairs,
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ chairs: Chair[] }>('/api/chairs', signal)).chairs,
  });
}

export function useCreateDeviceMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: DeviceMappingInput) => (await postJson<{ mapping: DeviceMapping }>('/api/ingest/device-mappings', input)).mapping,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.ingestDeviceMappings }),
  });
}
