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
    <section className="sound-prompt" aria-label="Alarm sound" data-sound-prompt>
      <SpeakerGlyph state="off" className="sound-prompt__icon" />
      <p className="sound-prompt__text">
        <strong>Alarm sound is off on this screen.</strong> Browsers play sound only after a click or a key press.
      </p>
      <button type="button" className="button button--primary sound-prompt__button" onClick={() => controller.unlock()}>
        Enable alarm sound
      </button>
    </section>
  );
}

/** Chair and patient of the sessions behind the banner: from the ward when it is loaded, else asked for. */
function useSessionLabels(sessionIds: readonly string[]): Map<string, SessionLabel> {
  const queryClient = useQueryClient();
  const results = useQueries({
    queries: sessionIds.map((sessionId) => ({
      queryKey: alarmKeys.sessionSummary(sessionId),
      staleTime: Number.POSITIVE_INFINITY,
      initialData: (): SessionLabel | undefined => {
        const known =
          queryClient.getQueryData<WardSnapshot>(queryKeys.ward)?.sessions.find((session) => session.id === sessionId) ??
          queryClient.getQueryData<SessionRecord>(queryKeys.session(sessionId));
        return known ? { id: known.id, chair: known.chair, patient: known.patient } : undefined;
      },
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<SessionLabel> => {
        const { session } = await getJson<{ session: SessionRecord }>(`/api/sessions/${encodeURIComponent(sessionId)}`, signal);
        return { id: session.id, chair: session.chair, patient: session.patient };
      },
    })),
  });
  const labels = new Map<string, SessionLabel>();
  results.forEach((result, index) => {
    const id = sessionIds[index];
    if (id && result.data) labels.set(id, result.data);
  });
  return labels;
}

/**
 * High alarms nobody has answered within the clinic's escalation time, on every screen, one line a
 * chair: chair, patient, the alarms, since when, and the way to the session. It leaves every screen
 * the moment a physician acknowledges.
 */
function EscalationBanner() {
  const mayRead = useCan('ward.read');
  const openAlarms = useOpenAlarms(mayRead);
  const escalated = sortAlarms((openAlarms.data?.alarms ?? []).filter(isEscalated));
  const bySession = new Map<string, Alarm[]>();
  for (const alarm of escalated) bySession.set(alarm.sessionId, [...(bySession.get(alarm.sessionId) ?? []), alarm]);
  const labels = useSessionLabels([...bySession.keys()]);
  if (escalated.length === 0) return null;
  const announcement = [...bySession]
    .map(([sessionId, alarms]) => `${labels.get(sessionId)?.chair.label ?? 'A chair'}: ${alarms.map(alarmLabel).join(', ')}`)
    .join('; ');
  return (
    <section className="escalation-banner" aria-labelledby="escalation-banner-title" data-escalation-banner>
      <h2 id="escalation-banner-title" className="sr-only">
        Escalated alarms
      </h2>
      <p className="sr-only" role="alert">
        Escalated, not acknowledged: {announcement}
      </p>
      <ul className="escalation-banner__list">
        {[...bySession].map(([sessionId, alarms]) => (
          <EscalatedChair key={sessionId} sessionId={sessionId} alarms={alarms} label={labels.get(sessionId)} />
        ))}
      </ul>
    </section>
  );
}

function EscalatedChair({ sessionId, alarms, label }: { sessionId: string; alarms: readonly Alarm[]; label: SessionLabel | undefined }) {
  const chair = label?.chair.label ?? 'Chair';
  const top = alarms[0];
  if (!top) return null;
  const since = alarms.map((alarm) => alarm.announcedAt).sort()[0] ?? top.announcedAt;
  return (
    <li className="escalation-banner__item" data-session-id={sessionId}>
      <AlarmLamp alarm={top} />
      <span className="escalation-banner__tag">Escalated</span>
      <p className="escalation-banner__text">
        <span className="escalation-banner__where">
          <span className="escalation-banner__chair">{chair}</span>
          {label ? <span className="escalation-banner__patient">{label.patient.name}</span> : null}
        </span>
        <span className="escalation-banner__alarms">
          {alarms.map((alarm) => (
            <span key={alarm.id} className="escalation-banner__what" data-escalated-alarm={alarm.id}>
              <span aria-hidden="true">{priorityMarker(alarm.priority)} </span>
              {alarmLabel(alarm)} <span className="escalation-banner__value">{alarm.value}</span>
              {alarm.resolvedAt ? <span className="escalation-banner__resolved"> (resolved, not acknowledged)</span> : null}
            </span>
          ))}
        </span>
        <span className="escalation-banner__since">
          <span className="escalation-banner__wide">unanswered </span>since <time dateTime={since}>{formatClockTime(since)}</time>
          <span className="escalation-banner__wide">
            {' '}
            (<RelativeTime iso={since} />)
          </span>
        </span>
      </p>
      <Link href={`/sessions/${sessionId}`} className="escalation-banner__link">
        Open {chair} <span aria-hidden="true">→</span>
      </Link>
    </li>
  );
}
