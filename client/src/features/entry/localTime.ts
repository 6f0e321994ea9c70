import { formatOffset } from '../../../../shared/time.ts';

/**
 * An instant as the bedside clock reads it: local wall-clock time with the device's offset,
 * e.g. `2026-11-22T14:05:09.000+01:00`. The server keeps the offset beside the UTC instant.
 */
export function localIsoWithOffset(date: Date): string {
  const offsetMinutes = -date.getTimezoneOffset();
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  return shifted.toISOString().replace('Z', formatOffset(offsetMinutes));
}

/** "14:05" in local time, for a `<input type="time">`. */
export function toTimeInputValue(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** Today's date at the given local "HH:MM", or null when the text is not a time. */
export function fromTimeInputValue(text: string, today: Date): Date | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  const date = new Date(today);
  date.setHours(hours, minutes, 0, 0);
  return date;
}
