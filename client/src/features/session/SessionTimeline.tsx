import { useMemo } from 'react';
import type { InfusionEvent, PhaseTransition } from '../../../../shared/schemas/session.ts';
import { INFUSION_EVENT_LABELS, INFUSION_EVENT_PHASE, PHASE_LABELS, type SessionPhase } from '../../../../shared/session/phase.ts';
import { formatClockTime, formatDateTime } from '../../ui/format.ts';

interface TimelineEntry {
  key: string;
  at: string;
  title: string;
  detail: string | null;
  by: string;
}

/** Phase changes and infusion events in the order they happened. */
export function SessionTimeline({ transitions, infusionEvents }: { transitions: readonly PhaseTransition[]; infusionEvents: readonly InfusionEvent[] }) {
  const entries = useMemo(() => timelineEntries(transitions, infusionEvents), [transitions, infusionEvents]);
  return (
    <section className="record-panel" aria-labelledby="timeline-title">
      <div className="record-panel__head">
        <h2 id="timeline-title" className="section-title">
          Timeline
        </h2>
      </div>
      {entries.length === 0 ? (
        <p className="record-panel__empty">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => (
            <li key={entry.key} className="timeline__entry">
              <time className="timeline__time" dateTime={entry.at} title={formatDateTime(entry.at)}>
                {formatClockTime(entry.at)}
              </time>
              <span className="timeline__title">{entry.title}</span>
              {entry.detail ? <span className="timeline__detail">{entry.detail}</span> : null}
              <span className="timeline__by">{entry.by}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const PHASES_MOVED_BY_EVENTS: ReadonlySet<SessionPhase> = new Set(Object.values(INFUSION_EVENT_PHASE));

/**
 * Phase changes say when the session moved; infusion events add what the pump and the nurse did
 * without moving it (rate changes, medication). Start/pause/stop appear once, as the event.
 */
function timelineEntries(transitions: readonly PhaseTransition[], infusionEvents: readonly InfusionEvent[]): TimelineEntry[] {
  const fromTransitions = transitions
    .filter((transition) => !PHASES_MOVED_BY_EVENTS.has(transition.to))
    .map((transition, index) => ({
      key: `transition-${index}`,
      at: transition.at,
      title: TRANSITION_TITLES[transition.to] ?? PHASE_LABELS[transition.to],
      detail: transition.reason,
      by: transition.byName,
    }));
  const fromEvents = infusionEvents.map((event) => ({
    key: event.id,
    at: event.at,
    title: INFUSION_EVENT_LABELS[event.kind],
    detail: eventDetail(event),
    by: event.recordedByName,
  }));
  // By clinical time; a booking entered after a backdated check-in honestly shows up later.
  // Array sort is stable, so entries at the same instant keep the server's order.
  return [...fromTransitions, ...fromEvents].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

const TRANSITION_TITLES: Partial<Record<SessionPhase, string>> = {
  scheduled: 'Session booked',
  baseline: 'Checked in (baseline)',
};

function eventDetail(event: InfusionEvent): string | null {
  const parts: string[] = [];
  if (event.rateMgPerHour !== null) parts.push(`${event.rateMgPerHour} mg/h`);
  if (event.drug) parts.push([event.drug, event.dose, event.doseUnit, event.route].filter((part) => part !== null).join(' '));
  if (event.reason) parts.push(event.reason);
  return parts.length > 0 ? parts.join(' · ') : null;
}
