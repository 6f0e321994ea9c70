import type { AxisScale } from './chartScale.ts';

/** The shared x axis all session charts use, so their minutes line up vertically. */
export interface TimeAxis extends AxisScale {
  label: string;
  /** Where to draw "infusion started" / "stopped" lines, in minutes from time zero. */
  markers: Array<{ minute: number; label: string; labelSide: 'left' | 'right' }>;
}

export function formatMinuteTick(minute: number): string {
  return minute > 0 ? `+${minute}` : String(minute);
}
