import type { ReactNode } from 'react';
import { type Alarm, alarmState, isOpen, needsAttention } from '../../../../shared/alarms/lifecycle.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { formatClockTime } from '../../ui/format.ts';
import { AcknowledgeButton } from './AcknowledgeButton.tsx';
import { AlarmLamp, CheckGlyph, useFlashStyle } from './AlarmIcons.tsx';
import { alarmLabel, alarmTone, describeAlarm, priorityMarker, priorityText, sortAlarms } from './alarmView.ts';

/**
 * Attributes for the chair card: `data-alarm` names the tone of the most pressing alarm that needs
 * attention (the card's frame takes its colour and flash), `data-alarm-acknowledged` says open
 * alarms are only acknowledged.
 */
export function cardAlarmAttributes(alarms: readonly Alarm[]): { 'data-alarm'?: string; 'data-alarm-acknowledged'?: 'true' } {
  const top = sortAlarms(alarms.filter(isOpen))[0];
  if (!top) return {};
  return needsAttention(top) ? { 'data-alarm': alarmTone(top) } : { 'data-alarm-acknowledged': 'true' };
}

/**
 * The card's alarm band, in the footer's place while an alarm needs attention: lamp (colour, icon,
 * flash), the standard marker, the words and the value, how many more, and Acknowledge for those
 * who may. With nothing needing attention the footer shows what it always shows (`children`).
 */
export function CardAlarmBand({ alarms, chair, children }: { alarms: readonly Alarm[]; chair: string; children: ReactNode }) {
  const pressing = sortAlarms(alarms.filter(needsAttention));
  const top = pressing[0];
  if (!top) return children;
  return (
    <Band top={top} more={pressing.length - 1} chair={chair} />
  );
}

function Band({ top, more, chair }: { top: Alarm; more: number; chair: string }) {
  const flash = useFlashStyle(top);
  const state = alarmState(top);
  return (
    <div
      className={`card-alarm card-alarm--${alarmTone(top)} card-alarm--${state}`}
      data-alarm-id={top.id}
      data-priority={top.priority}
      data-state={state}
      title={describeAlarm(top)}
    >
      {flash ? <span className="card-alarm__frame" style={flash} aria-hidden="true" /> : null}
      <AlarmLamp alarm={top} />
      <div className="card-alarm__body">
        <p className="card-alarm__title">
          <span className="card-alarm__marker" aria-hidden="true">
            {priorityMarker(top.priority)}
          </span>
          <span className="sr-only">{priorityText(top)} alarm: </span>
          <span className="card-alarm__label">{alarmLabel(top)}</span>
          {state === 'resolved-unacknowledged' ? <span className="card-alarm__was">{top.value}</span> : null}
        </p>
        <p className="card-alarm__detail">
          {state === 'resolved-unacknowledged' ? (
            <span className="card-alarm__state">Resolved — not acknowledged</span>
          ) : (
            <span className="card-alarm__value">{top.value}</span>
          )}
          {more > 0 ? (
            <span className="card-alarm__more">
              +{more}
              <span className="sr-only"> more {more === 1 ? 'alarm' : 'alarms'} needing attention</span>
            </span>
          ) : null}
          {state === 'resolved-unacknowledged' ? null : <RelativeTime className="card-alarm__age" iso={top.announcedAt} short />}
        </p>
      </div>
      <AcknowledgeButton alarm={top} compact context={chair} />
    </div>
  );
}

/**
 * A small mark in the card's head while alarms are open but acknowledged (the condition persists):
 * the footer goes back to the side effect, and this keeps the alarm in sight.
 */
export function CardAcknowledgedAlarms({ alarms }: { alarms: readonly Alarm[] }) {
  const open = sortAlarms(alarms.filter(isOpen));
  const top = open[0];
  if (!top || needsAttention(top)) return null;
  const who = top.acknowledgedByName ? ` by ${top.acknowledgedByName}` : '';
  const when = top.acknowledgedAt ? ` at ${formatClockTime(top.acknowledgedAt)}` : '';
  const summary = `${alarmLabel(top)} ${top.value}, acknowledged${who}${when}${open.length > 1 ? `; ${open.length - 1} more acknowledged` : ''}`;
  return (
    <span className={`card-alarm-ack card-alarm-ack--${alarmTone(top)}`} data-acknowledged-alarm={top.id} title={summary}>
      <CheckGlyph className="card-alarm-ack__icon" />
      <span aria-hidden="true">
        {priorityMarker(top.priority)} Ack’d{open.length > 1 ? ` ×${open.length}` : ''}
      </span>
      <span className="sr-only">Acknowledged alarm still active: {summary}</span>
    </span>
  );
}
