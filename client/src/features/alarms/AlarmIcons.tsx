import { type CSSProperties, useMemo } from 'react';
import type { Alarm } from '../../../../shared/alarms/lifecycle.ts';
import { alarmTone, flashPeriodMs } from './alarmView.ts';

/** A bell for a patient alarm, a monitor with a cross for a technical (INOP) one. */
export function AlarmGlyph({ technical, className }: { technical: boolean; className?: string }) {
  return (
    <svg className={className ?? 'alarm-glyph'} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {technical ? (
        <path d="M3 4.5h14v9H3Z M7.5 16.5h5 M10 13.5v3 M8 7l4 4 M12 7l-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      ) : (
        <path
          d="M10 2.6c.6 0 1 .4 1 1v.7a5 5 0 0 1 4 4.9v3l1.6 2.4H3.4L5 12.2v-3a5 5 0 0 1 4-4.9v-.7c0-.6.4-1 1-1Z M8.2 16.2a1.9 1.9 0 0 0 3.6 0"
          fill="currentColor"
          stroke="currentColor"
          strokeWidth="0.6"
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
}

/**
 * The alarm's lamp: its colour and icon, flashing at the priority's rate while the alarm needs
 * attention (high ~2 Hz, medium ~0.6 Hz), steady otherwise. Every lamp of a rate flashes in step
 * (the delay aligns it to the page clock), so a wall of them does not shimmer. The flashing stays
 * under reduced-motion preferences: IEC 60601-1-8 requires it, and it is a change of brightness,
 * not movement.
 */
export function AlarmLamp({ alarm, size = 'regular' }: { alarm: Alarm; size?: 'regular' | 'large' }) {
  const flash = useFlashStyle(alarm);
  return (
    <span className={`alarm-lamp alarm-lamp--${alarmTone(alarm)} alarm-lamp--${size}${flash ? ' alarm-lamp--flashing' : ''}`} aria-hidden="true">
      {flash ? <span className="alarm-lamp__flash" style={flash} /> : null}
      <AlarmGlyph technical={alarm.alarmClass === 'technical'} />
    </span>
  );
}

/**
 * The flash's rate and phase for an element that flashes with an alarm: null when the alarm does
 * not flash. The phase is fixed per mount (a new delay on every render would make it stutter) and
 * aligned to the page clock, so everything flashing at one rate flashes together.
 */
export function useFlashStyle(alarm: Alarm): CSSProperties | null {
  const period = flashPeriodMs(alarm);
  return useMemo(
    () => (period === null ? null : ({ '--alarm-flash-period': `${period}ms`, animationDelay: `-${Math.round(performance.now() % period)}ms` } as CSSProperties)),
    [period],
  );
}

export function CheckGlyph({ className }: { className?: string }) {
  return (
    <svg className={className ?? 'alarm-glyph'} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M4 10.5 8 14.5 16 5.5" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function CrossGlyph({ className }: { className?: string }) {
  return (
    <svg className={className ?? 'alarm-glyph'} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M5.5 5.5 14.5 14.5 M14.5 5.5 5.5 14.5" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    </svg>
  );
}

export function SpeakerGlyph({ state, className }: { state: 'on' | 'paused' | 'off'; className?: string }) {
  return (
    <svg className={className ?? 'alarm-glyph'} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 7.5h3l4-3.5v12l-4-3.5H3Z" fill="currentColor" />
      {state === 'on' ? <path d="M13 7.2a4 4 0 0 1 0 5.6 M15.2 5a7 7 0 0 1 0 10" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" /> : null}
      {state === 'paused' ? <path d="M13.2 7v6 M16.4 7v6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /> : null}
      {state === 'off' ? <path d="M12.8 7.5 17 12.5 M17 7.5 12.8 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" /> : null}
    </svg>
  );
}
