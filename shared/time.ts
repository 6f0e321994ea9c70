/**
 * Times travel as ISO-8601 strings with an explicit offset. We store the instant in UTC and keep the
 * source's offset beside it, so a reading taken at 10:00+01:00 can be shown as the device saw it.
 */

const OFFSET_PATTERN = /(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Real UTC offsets run from −12:00 to +14:00. */
const MIN_OFFSET = -12 * 60;
const MAX_OFFSET = 14 * 60;
/** Nothing in a clinical record predates 1900; an earlier year is a typing error. */
const EARLIEST_YEAR = 1900;

/**
 * How far apart two clocks may be: a monitor's, a tablet's and the server's. A clinical time up to
 * this far ahead of the server clock is not "in the future", and a step up to this far before the
 * step it follows is not "out of order"; both are clock drift, and refusing them would stop a
 * nurse at the bedside for a wrong clock rather than a wrong entry.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000;

/** Whether a UTC instant lies ahead of `now` by more than the clock-skew tolerance. */
export function isInFuture(utc: string, now = Date.now()): boolean {
  return Date.parse(utc) > now + CLOCK_SKEW_TOLERANCE_MS;
}

export interface ZonedInstant {
  /** Canonical UTC instant, always `YYYY-MM-DDTHH:mm:ss.sssZ` (fixed width, sorts as text). */
  utc: string;
  /** The source's offset from UTC in minutes (e.g. +60 for +01:00). */
  offsetMinutes: number;
}

export function isIsoDateTimeWithOffset(text: string): boolean {
  const match = ISO_WITH_OFFSET.exec(text);
  if (!match) return false;
  const [, year, month, day, hour, minute, second = '0', offsetText = 'Z'] = match;
  const offset = parseOffset(offsetText);
  if (offset < MIN_OFFSET || offset > MAX_OFFSET || Number(year) < EARLIEST_YEAR) return false;
  // Date.parse rolls 2026-02-30 over to March; compare the calendar fields to refuse it instead.
  const wallClock = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)));
  return (
    wallClock.getUTCFullYear() === Number(year) &&
    wallClock.getUTCMonth() === Number(month) - 1 &&
    wallClock.getUTCDate() === Number(day) &&
    wallClock.getUTCHours() === Number(hour) &&
    wallClock.getUTCMinutes() === Number(minute) &&
    wallClock.getUTCSeconds() === Number(second)
  );
}

export function parseZonedInstant(text: string): ZonedInstant {
  if (!isIsoDateTimeWithOffset(text)) {
    throw new RangeError(`Not an ISO-8601 date-time with an offset: ${text}`);
  }
  const match = OFFSET_PATTERN.exec(text);
  const offsetText = match?.[1] ?? 'Z';
  return { utc: new Date(text).toISOString(), offsetMinutes: parseOffset(offsetText) };
}

export function parseOffset(offsetText: string): number {
  if (offsetText.toUpperCase() === 'Z') return 0;
  const sign = offsetText.startsWith('-') ? -1 : 1;
  const digits = offsetText.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  return sign * (hours * 60 + minutes);
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  const minutes = String(abs % 60).padStart(2, '0');
  return `${sign}${hours}:${minutes}`;
}

/** The instant as the source wrote it: local wall-clock time with its offset. */
export function toSourceLocalIso(instant: ZonedInstant): string {
  const shifted = new Date(Date.parse(instant.utc) + instant.offsetMinutes * 60_000);
  return shifted.toISOString().replace('Z', formatOffset(instant.offsetMinutes));
}

export function nowUtc(): string {
  return new Date().toISOString();
}

export const MINUTE_MS = 60_000;

export function minutesBetween(fromUtc: string, toUtc: string): number {
  return (Date.parse(toUtc) - Date.parse(fromUtc)) / MINUTE_MS;
}
