import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { Alarm } from '../../../../shared/alarms/lifecycle.ts';
import type { ChangeEvent } from '../../../../shared/realtime/changes.ts';
import type { SessionRecord, WardSnapshot } from '../../../../shared/schemas/session.ts';
import { getJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { type LiveFeedSpec, emitSubscribe } from '../../realtime/LiveFeed.ts';
import { upsertAlarm } from '../../realtime/latestPatch.ts';
import { type PatchOutcome, unchanged } from '../../realtime/patchOutcome.ts';

/** Every open alarm of the clinic (any session, also one just discharged) and the log position. */
export interface OpenAlarms {
  seq: number;
  alarms: Alarm[];
}

export const alarmKeys = {
  open: ['alarms', 'open'] as const,
  sessionSummary: (sessionId: string) => ['alarms', 'session', sessionId] as const,
  discharge: (sessionId: string) => ['alarms', 'discharge', sessionId] as const,
  clinicSettings: ['alarms', 'settings', 'clinic'] as const,
  sessionSettings: (sessionId: string) => ['alarms', 'settings', 'session', sessionId] as const,
};

/**
 * `GET /api/alarms` carries no log position, so the position is read first: the alarms then
 * reflect at least that much, and the replay from it brings every alarm to its latest state
 * (changes the list already holds are applied again in order, ending where the server is).
 */
export async function fetchOpenAlarms(signal?: AbortSignal): Promise<OpenAlarms> {
  const { headSeq } = await getJson<{ headSeq: number }>(`/api/changes?since=${Number.MAX_SAFE_INTEGER}`, signal);
  const { alarms } = await getJson<{ alarms: Alarm[] }>('/api/alarms', signal);
  return { seq: headSeq, alarms };
}

export function patchOpenAlarms(snapshot: OpenAlarms, change: ChangeEvent): PatchOutcome<OpenAlarms> {
  if (change.type !== 'alarm.raised' && change.type !== 'alarm.updated') return unchanged(snapshot);
  const alarms = upsertAlarm(snapshot.alarms, change.payload.alarm, true);
  return alarms === snapshot.alarms ? unchanged(snapshot) : { next: { ...snapshot, alarms }, needsSnapshot: false };
}

/**
 * The app-wide alarm watch follows the alarms room, which carries alarm changes only: a screen that
 * shows no ward is not sent every reading, and a reconnect replays only the alarms it missed.
 */
export const openAlarmsFeed: LiveFeedSpec<OpenAlarms> = {
  queryKey: alarmKeys.open,
  pushedAs: 'alarms',
  subscribe: (socket, since) => emitSubscribe(socket, { event: 'alarms:subscribe', since }),
  unsubscribe: (socket) => {
    socket.emit('alarms:unsubscribe');
  },
  accepts: () => true,
  patch: patchOpenAlarms,
};

/** The clinic's open alarms, kept live by the watch in the app shell. */
export function useOpenAlarms(enabled: boolean) {
  return useQuery({
    queryKey: alarmKeys.open,
    enabled,
    queryFn: ({ signal }) => fetchOpenAlarms(signal),
  });
}

/**
 * Puts an alarm the server just returned (an acknowledgement) into every cache that shows it, at
 * once; the change event that follows finds it already there.
 */
export function applyAlarmToCaches(queryClient: QueryClient, alarm: Alarm): void {
  queryClient.setQueryData<OpenAlarms>(alarmKeys.open, (current) => (current ? { ...current, alarms: upsertAlarm(current.alarms, alarm, true) } : current));
  queryClient.setQueryData<WardSnapshot>(queryKeys.ward, (ward) => {
    if (!ward) return ward;
    const index = ward.sessions.findIndex((session) => session.id === alarm.sessionId);
    const session = ward.sessions[index];
    if (!session) return ward;
    const alarms = upsertAlarm(session.alarms, alarm, true);
    if (alarms === session.alarms) return ward;
    const sessions = ward.sessions.slice();
    sessions[index] = { ...session, alarms };
    return { ...ward, sessions };
  });
  queryClient.setQueryData<SessionRecord>(queryKeys.session(alarm.sessionId), (record) => {
    if (!record) return record;
    const alarms = upsertAlarm(record.alarms, alarm, false);
    return alarms === record.alarms ? record : { ...record, alarms };
  });
}
