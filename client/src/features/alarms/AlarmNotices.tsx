import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Alarm } from '../../../../shared/alarms/lifecycle.ts';
import type { SessionRecord, SessionSummary, WardSnapshot } from '../../../../shared/schemas/session.ts';
import { getJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { formatClockTime } from '../../ui/format.ts';
import { useCan } from '../auth/signedInUser.ts';
import { AlarmLamp, SpeakerGlyph } from './AlarmIcons.tsx';
import { alarmLabel, isEscalated, priorityMarker, sortAlarms } from './alarmView.ts';
import { alarmKeys, useOpenAlarms } from './openAlarms.ts';
import { useAlarmSound } from './sound/soundContext.ts';

type SessionLabel = Pick<SessionSummary, 'id' | 'chair' | 'patient'>;

/** Shown under the header on every signed-in screen: the sound prompt and escalated alarms. */
export function AlarmNotices() {
  return (
    <>
      <SoundPrompt />
      <EscalationBanner />
    </>
  );
}

/**
 * Browsers refuse sound until the page has had a click or key press. Until then this says so, with
 * a button: any click or key press anywhere does the same.
 */
function SoundPrompt() {
  const { controller, state } = useAlarmSound();
  if (!controller || !state || state.unlocked) return null;
  return (
    <div className="sound-prompt" data-sound-prompt>
      <SpeakerGlyph state="off" className="sound-prompt__icon" />
      <p className="sound-prompt__text">
        <strong>Alarm sound is off on this screen.</strong> Browsers play sound only after a click or a key press.
      </p>
      <button type="button" className="button button--primary sound-prompt__button" onClick={() => controller.unlock()}>
        Enable alarm sound
      </button>
    </div>
  );
}

/** Chair and patient of the sessions behind the banner: from the ward when it is loaded, else asked for. */
function useSessionLabels(sessionIds: readonly string[]): Map<string, SessionLabel> {
  const queryClient = useQueryClient();
  const results = useQueries({
    queries: sessionIds.map((sessionId) => ({
      queryKey: alarmKeys.sessionSummary(sessionId),
      staleTime: Number.POSITIVE_INFINITY,
      initialData: (): SessionLabel | undefined =>
        queryClient.getQueryData<WardSnapshot>(queryKeys.ward)?.sessions.find((session) => session.id === sessionId) ??
        queryClient.getQueryData<SessionRecord>(queryKeys.session(sessionId)),
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<SessionLabel> => {
        const { session } = await getJson<{ session: SessionRecord }>(`/api/sessions/${encodeURIComponent(sessionId)}`, signal);
        return { id: session.id, chair: session.chair, patient: session.patient };
      },
    })),
  });
  const labels = new Map<string, SessionLabel>();
  results.forEach((result, index) => {
    const id = sessionIds[index];
    if (id && result.data) labels.set(id, { id: result.data.id, chair: result.data.chair, patient: result.data.patient });
  });
  return labels;
}

/**
 * High alarms nobody has answered within the clinic's escalation time, on every screen: chair,
 * patient, alarm, since when, and the way to the session. It leaves every screen the moment a
 * physician acknowledges.
 */
function EscalationBanner() {
  const mayRead = useCan('ward.read');
  const openAlarms = useOpenAlarms(mayRead);
  const escalated = sortAlarms((openAlarms.data?.alarms ?? []).filter(isEscalated));
  const labels = useSessionLabels([...new Set(escalated.map((alarm) => alarm.sessionId))]);
  if (escalated.length === 0) return null;
  const announcement = escalated.map((alarm) => `${labels.get(alarm.sessionId)?.chair.label ?? 'A chair'}: ${alarmLabel(alarm)}`).join('; ');
  return (
    <section className="escalation-banner" aria-labelledby="escalation-banner-title" data-escalation-banner>
      <h2 id="escalation-banner-title" className="sr-only">
        Escalated alarms
      </h2>
      <p className="sr-only" role="alert">
        Escalated, not acknowledged: {announcement}
      </p>
      <ul className="escalation-banner__list">
        {escalated.map((alarm) => (
          <EscalatedAlarm key={alarm.id} alarm={alarm} label={labels.get(alarm.sessionId)} />
        ))}
      </ul>
    </section>
  );
}

function EscalatedAlarm({ alarm, label }: { alarm: Alarm; label: SessionLabel | undefined }) {
  const chair = label?.chair.label ?? 'Chair';
  return (
    <li className="escalation-banner__item" data-escalated-alarm={alarm.id} data-session-id={alarm.sessionId}>
      <AlarmLamp alarm={alarm} />
      <span className="escalation-banner__tag">Escalated</span>
      <p className="escalation-banner__text">
        <span className="escalation-banner__where">
          <span className="escalation-banner__chair">{chair}</span>
          {label ? <span className="escalation-banner__patient">{label.patient.name}</span> : null}
        </span>
        <span className="escalation-banner__what">
          <span aria-hidden="true">{priorityMarker(alarm.priority)} </span>
          {alarmLabel(alarm)} <span className="escalation-banner__value">{alarm.value}</span>
        </span>
        <span className="escalation-banner__since">
          unanswered since <time dateTime={alarm.announcedAt}>{formatClockTime(alarm.announcedAt)}</time> (<RelativeTime iso={alarm.announcedAt} />)
        </span>
      </p>
      <Link href={`/sessions/${alarm.sessionId}`} className="escalation-banner__link">
        Open {chair} <span aria-hidden="true">→</span>
      </Link>
    </li>
  );
}
