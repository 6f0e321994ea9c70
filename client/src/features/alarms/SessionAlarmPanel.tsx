import { useId } from 'react';
import { type Alarm, alarmState, isOpen, needsAttention } from '../../../../shared/alarms/lifecycle.ts';
import { PRIORITY_PRESENTATION } from '../../../../shared/alarms/priority.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { formatClockTime } from '../../ui/format.ts';
import { useCan } from '../auth/signedInUser.ts';
import { AcknowledgeButton } from './AcknowledgeButton.tsx';
import { AlarmLamp, CheckGlyph } from './AlarmIcons.tsx';
import { STATE_LABELS, alarmLabel, alarmTone, priorityMarker, priorityText, sortAlarms } from './alarmView.ts';

/**
 * Every alarm of the session: the open ones first and most pressing first, each with its colour,
 * marker, words and icon, what set it off and when, its state (latched ones as "resolved — not
 * acknowledged"), who acknowledged it and when, and Acknowledge for physicians; the closed ones
 * below as history.
 */
export function SessionAlarmPanel({ alarms, chair }: { alarms: readonly Alarm[]; chair: string }) {
  const headingId = useId();
  const mayAcknowledge = useCan('alarm.acknowledge');
  const open = sortAlarms(alarms.filter(isOpen));
  const closed = alarms.filter((alarm) => !isOpen(alarm)).sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0));
  const waiting = open.filter(needsAttention).length;
  return (
    <section className="alarm-panel" aria-labelledby={headingId} data-alarm-panel>
      <header className="alarm-panel__head">
        <h2 className="alarm-panel__title" id={headingId}>
          Alarms
        </h2>
        <p className="alarm-panel__summary">
          {open.length === 0
            ? 'None open'
            : `${open.length} open${waiting > 0 ? ` · ${waiting} ${waiting === 1 ? 'needs' : 'need'} acknowledgement` : ' · all acknowledged'}`}
        </p>
      </header>
      {open.length === 0 ? (
        <p className="alarm-panel__empty">
          <CheckGlyph className="alarm-panel__empty-icon" />
          No open alarms for this session.
        </p>
      ) : (
        <ul className="alarm-list">
          {open.map((alarm) => (
            <AlarmRow key={alarm.id} alarm={alarm} chair={chair} mayAcknowledge={mayAcknowledge} />
          ))}
        </ul>
      )}
      {closed.length > 0 ? (
        <details className="alarm-history">
          <summary>
            Alarm history <span className="alarm-history__count">({closed.length} closed)</span>
          </summary>
          <ul className="alarm-list alarm-list--history">
            {closed.map((alarm) => (
              <AlarmRow key={alarm.id} alarm={alarm} chair={chair} mayAcknowledge={false} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function AlarmRow({ alarm, chair, mayAcknowledge }: { alarm: Alarm; chair: string; mayAcknowledge: boolean }) {
  const state = alarmState(alarm);
  const presentation = PRIORITY_PRESENTATION[alarm.priority];
  return (
    <li className={`alarm-row alarm-row--${alarmTone(alarm)} alarm-row--${state}`} data-alarm-id={alarm.id} data-priority={alarm.priority} data-state={state}>
      <AlarmLamp alarm={alarm} size="large" />
      <div className="alarm-row__main">
        <p className="alarm-row__title">
          <span className="alarm-row__marker" aria-hidden="true">
            {priorityMarker(alarm.priority)}
          </span>
          <span className="alarm-row__label">{alarmLabel(alarm)}</span>
          <span className="alarm-row__value">{alarm.value}</span>
        </p>
        <p className="alarm-row__meta">
          <span className="alarm-row__priority">
            {priorityText(alarm)}
            {state === 'active' || state === 'resolved-unacknowledged' ? <span className="alarm-row__response"> · {presentation.response}</span> : null}
          </span>
          <span>
            Raised <time dateTime={alarm.raisedAt}>{formatClockTime(alarm.raisedAt)}</time>
            {alarm.announcedAt !== alarm.raisedAt ? (
              <>
                , announced again <time dateTime={alarm.announcedAt}>{formatClockTime(alarm.announcedAt)}</time>
              </>
            ) : null}{' '}
            (<RelativeTime iso={alarm.raisedAt} />)
          </span>
          {alarm.resolvedAt ? (
            <span>
              Resolved <time dateTime={alarm.resolvedAt}>{formatClockTime(alarm.resolvedAt)}</time>
            </span>
          ) : null}
          {alarm.escalatedAt && state !== 'closed' ? (
            <span className="alarm-row__escalated">
              Escalated <time dateTime={alarm.escalatedAt}>{formatClockTime(alarm.escalatedAt)}</time>
            </span>
          ) : null}
        </p>
      </div>
      <div className="alarm-row__state">
        <span className={`alarm-state alarm-state--${state}`}>{STATE_LABELS[state]}</span>
        {alarm.acknowledgedAt ? (
          <span className="alarm-row__ack" data-acknowledged-by={alarm.acknowledgedByName ?? ''}>
            <CheckGlyph className="alarm-row__ack-icon" />
            {alarm.acknowledgedByName ?? 'Acknowledged'}, <time dateTime={alarm.acknowledgedAt}>{formatClockTime(alarm.acknowledgedAt)}</time>
          </span>
        ) : needsAttention(alarm) ? (
          mayAcknowledge ? (
            <AcknowledgeButton alarm={alarm} context={chair} />
          ) : (
            <span className="alarm-row__waiting">Awaiting a physician</span>
          )
        ) : null}
      </div>
    </li>
  );
}
