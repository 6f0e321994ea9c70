/** Query keys in one place: the realtime layer patches the same entries the pages read. */
export const queryKeys = {
  currentUser: ['auth', 'me'] as const,
  ward: ['ward'] as const,
  session: (sessionId: string) => ['sessions', sessionId] as const,
  /** Every chart-column entry of a session: the whole session and any zoomed windows. */
  sessionSeriesAll: (sessionId: string) => ['sessions', sessionId, 'series'] as const,
  sessionSeries: (sessionId: string) => ['sessions', sessionId, 'series', 'whole'] as const,
  sessionSeriesWindow: (sessionId: string, from: number, to: number) => ['sessions', sessionId, 'series', from, to] as const,
  /** Every page set of a session's observation table, one per filter. */
  observationPagesAll: (sessionId: string) => ['sessions', sessionId, 'observations'] as const,
  observationPages: (sessionId: string, filter: string) => ['sessions', sessionId, 'observations', filter] as const,
  /** Bedside and scheduling (features/entry, features/schedule). */
  patients: (query: string) => ['patients', query] as const,
  users: ['users'] as const,
  chairs: ['chairs'] as const,
  sessionList: (phase: string) => ['sessionList', phase] as const,
  /** Sign-in policy and idle sign-out (app/idle). */
  idleMinutes: ['auth', 'idleMinutes'] as const,
  signOut: ['auth', 'signOut'] as const,
  /** Administration (features/admin). */
  adminUsers: ['admin', 'users'] as const,
  deviceTokens: ['admin', 'deviceTokens'] as const,
  audit: (filter: string) => ['admin', 'audit', filter] as const,
  /** Device feed and file import (features/ingest). */
  ingestAll: ['ingest'] as const,
  ingestInbox: (status: string) => ['ingest', 'inbox', status] as const,
  ingestStatus: ['ingest', 'status'] as const,
  ingestDeviceMappings: ['ingest', 'deviceMappings'] as const,
  ingestColumnMappings: ['ingest', 'columnMappings'] as const,
};
