import type { InfusionEvent, PhaseTransition, SessionSummary } from '../../../../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../../../../shared/schemas/sideEffect.ts';
import { isCurrentRecord } from '../../../../../shared/records.ts';
import type { InfusionEventKind, SessionPhase } from '../../../../../shared/session/phase.ts';
import type { Severity } from '../../../../../shared/sideEffects/catalogue.ts';
import { MINUTE_MS } from '../../../../../shared/time.ts';
import { type AxisScale, minutesScale } from '../chartScale.ts';

/** The x axis every session chart shares: minutes from time zero, so the charts line up. */
export interface TimeView extends AxisScale {
  zeroMs: number;
  /** What minute 0 is. */
  reference: 'infusion' | 'checkIn';
  zoomed: boolean;
}

export const minuteOf = (t: number, zeroMs: number): number => (t - zeroMs) / MINUTE_MS;
export const timeOfMinute = (minute: number, zeroMs: number): number => zeroMs + minute * MINUTE_MS;

/** "+20", "0", "−10"; a zoomed axis may tick on half minutes: "+20:30". */
export function formatMinuteTick(minute: number): string {
  const sign = minute > 0 ? '+' : minute < 0 ? '−' : '';
  const absolute = Math.abs(minute);
  const whole = Math.floor(absolute + 1e-9);
  const seconds = Math.round((absolute - whole) * 60);
  return seconds === 0 ? `${sign}${whole}` : `${sign}${whole}:${String(seconds).padStart(2, '0')}`;
}

const ZOOM_STEPS = [0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120] as const;
const MAX_TICKS = 9;

/** Ticks for an explicit (zoomed) window: the finest round step that gives at most nine. */
export function windowScale(from: number, to: number): AxisScale {
  const span = Math.max(to - from, 1 / 60);
  const step = ZOOM_STEPS.find((candidate) => span / candidate <= MAX_TICKS - 1) ?? 240;
  const ticks: number[] = [];
  for (let tick = Math.ceil(from / step) * step; tick <= to + 1e-9; tick += step) ticks.push(Math.round(tick * 1000) / 1000);
  return { domain: [from, to], ticks };
}

/**
 * The whole session's axis: every reading, minute 0, and while the pump runs the planned end, so
 * the axis does not creep; rounded to 5–30 minute steps so it changes rarely as readings arrive.
 */
export function wholeSessionScale(firstMinute: number | null, lastMinute: number | null, include: readonly number[]): AxisScale {
  const minutes = firstMinute === null || lastMinute === null ? [] : [firstMinute, lastMinute];
  return minutesScale(minutes, include);
}

export interface PhaseBand {
  phase: SessionPhase;
  from: number;
  /** null: still in this phase. */
  to: number | null;
}

const SHADED: ReadonlySet<SessionPhase> = new Set(['baseline', 'infusing', 'paused', 'recovery']);

/** The stretches of the session in each phase, in minutes from time zero, from its transitions. */
export function phaseBands(transitions: readonly PhaseTransition[], zeroMs: number): PhaseBand[] {
  const bands: PhaseBand[] = [];
  for (const [index, transition] of transitions.entries()) {
    if (!SHADED.has(transition.to)) continue;
    const next = transitions[index + 1];
    bands.push({
      phase: transition.to,
      from: minuteOf(Date.parse(transition.at), zeroMs),
      to: next ? minuteOf(Date.parse(next.at), zeroMs) : null,
    });
  }
  return bands;
}

export type EventMark =
  | {
      type: 'infusion';
      id: string;
      minute: number;
      at: string;
      kind: InfusionEventKind;
      detail: string | null;
      by: string;
    }
  | {
      type: 'sideEffect';
      id: string;
      minute: number;
      at: string;
      sideEffect: SideEffectNote;
      severity: Severity;
      by: string;
    };

/** Infusion events and current side-effect notes as marks on the time axis, in time order. */
export function eventMarks(
  infusionEvents: readonly InfusionEvent[],
  sideEffects: readonly SideEffectNote[],
  zeroMs: number,
  describe: (event: InfusionEvent) => string | null,
): EventMark[] {
  const marks: EventMark[] = [
    ...infusionEvents.map(
      (event): EventMark => ({
        type: 'infusion',
        id: event.id,
        minute: minuteOf(Date.parse(event.at), zeroMs),
        at: event.at,
        kind: event.kind,
        detail: describe(event),
        by: event.recordedByName,
      }),
    ),
    ...sideEffects.filter(isCurrentRecord).map(
      (note): EventMark => ({
        type: 'sideEffect',
        id: note.id,
        minute: minuteOf(Date.parse(note.observedAt), zeroMs),
        at: note.observedAt,
        sideEffect: note,
        severity: note.severity,
        by: note.recordedByName,
      }),
    ),
  ];
  return marks.sort((a, b) => a.minute - b.minute);
}

/** Where an infusion still running is planned to end, for the axis to include. */
export function plannedEndMinute(session: Pick<SessionSummary, 'phase' | 'plannedInfusionMinutes' | 'infusionStartedAt'>): number | null {
  if (!session.infusionStartedAt) return null;
  return session.phase === 'infusing' || session.phase === 'paused' ? session.plannedInfusionMinutes : null;
}
