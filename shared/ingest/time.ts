/**
 * Times as devices write them. HL7 DTM (`YYYYMMDDHHMM[SS[.S…]][±ZZZZ]`, including the 16/17-digit
 * forms with the fraction glued on and no dot), and wall-clock times with no zone at all, which
 * are read in the source's default zone and reported as assumed.
 *
 * DST rule for a zone-less wall-clock time: in the autumn overlap the earlier instant is taken; a
 * time in the spring gap is read with the offset in force before the gap (so it moves forward).
 * This is the "compatible" rule of Temporal and of most calendar software.
 */
import { toSourceLocalIso } from '../time.ts';

export interface ReadTime {
  /** ISO-8601 with the offset the time was read in, e.g. `2021-04-25T23:03:31.496-04:00`. */
  iso: string;
  utc: string;
  offsetMinutes: number;
  /** The zone that was assumed because the source gave none; null when the source gave an offset. */
  assumedZone: string | null;
}

export type TimeResult = { ok: true; time: ReadTime } | { ok: false; code: 'invalid_time' | 'imprecise_time' | 'invalid_zone'; message: string };

const DTM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.?(\d{1,4}))?)?(?:([+-])(\d{2})(\d{2}))?$/;
const DATE_ONLY = /^\d{4}(\d{2}(\d{2}(\d{2})?)?)?([+-]\d{4})?$/;
const FIXED_OFFSET = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/i;
const MIN_OFFSET = -12 * 60;
const MAX_OFFSET = 14 * 60;

/** Calendar fields of a wall-clock time, before any zone is applied. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function wallClockMs(w: WallClock): number | null {
  if (w.year < 1900 || w.year > 2999) return null;
  const ms = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  const d = new Date(ms);
  const same =
    d.getUTCFullYear() === w.year &&
    d.getUTCMonth() === w.month - 1 &&
    d.getUTCDate() === w.day &&
    d.getUTCHours() === w.hour &&
    d.getUTCMinutes() === w.minute &&
    d.getUTCSeconds() === w.second;
  return same ? ms : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(zone);
  if (cached) return cached;
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
    return f;
  } catch {
    return null;
  }
}

/** Whether a default zone is usable: an IANA name (`Europe/Berlin`), `UTC`, or a fixed offset (`+02:00`). */
export function isValidTimeZone(zone: string): boolean {
  if (FIXED_OFFSET.test(zone)) return fixedOffsetMinutes(zone) !== null;
  return formatterFor(zone) !== null;
}

function fixedOffsetMinutes(zone: string): number | null {
  const m = FIXED_OFFSET.exec(zone);
  if (!m) return null;
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return minutes >= MIN_OFFSET && minutes <= MAX_OFFSET && Number(m[3]) < 60 ? minutes : null;
}

/** The zone's offset from UTC (minutes) at an instant. */
function offsetAt(zone: string, utcMs: number): number {
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return fixed;
  const f = formatterFor(zone);
  if (!f) throw new RangeError(`unknown time zone ${zone}`);
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** Reads a wall-clock time in a zone (see the DST rule above). */
export function wallClockInZone(wall: WallClock, zone: string): TimeResult {
  const wallMs = wallClockMs(wall);
  if (wallMs === null) return { ok: false, code: 'invalid_time', message: 'not a real calendar date and time' };
  if (!isValidTimeZone(zone)) return { ok: false, code: 'invalid_zone', message: `unknown time zone ${zone}` };
  const before = offsetAt(zone, wallMs - 86_400_000);
  const after = offsetAt(zone, wallMs + 86_400_000);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallMs - offset * 60_000)
    .filter((utc) => wallMs - offsetAt(zone, utc) * 60_000 === utc)
    .sort((a, b) => a - b);
  // Overlap: the earlier instant. Gap: the offset before the gap.
  const utcMs = candidates[0] ?? wallMs - before * 60_000;
  const offsetMinutes = candidates.length > 0 ? offsetAt(zone, utcMs) : before;
  return { ok: true, time: build(utcMs, offsetMinutes, zone) };
}

function build(utcMs: number, offsetMinutes: number, assumedZone: string | null): ReadTime {
  const utc = new Date(utcMs).toISOString();
  return { iso: toSourceLocalIso({ utc, offsetMinutes }), utc, offsetMinutes, assumedZone };
}

/** Reads an HL7 DTM. Minute precision at least; no offset → read in `defaultZone`, recorded as assumed. */
export function parseHl7Time(text: string, defaultZone: string): TimeResult {
  const value = text.trim();
  const m = DTM.exec(value);
  if (!m) {
    if (DATE_ONLY.test(value)) return { ok: false, code: 'imprecise_time', message: `time ${value} has no hour and minute` };
    return { ok: false, code: 'invalid_time', message: `not an HL7 date-time: ${value.slice(0, 40)}` };
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', sign, oh, om] = m;
  const wall: WallClock = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    // Fractions of a second to milliseconds: `.4` 400, `60` (16-digit form) 600, `.0000` 0.
    millisecond: fraction ? Math.round(Number(`0.${fraction}`) * 1000) % 1000 : 0,
  };
  if (!sign) return wallClockInZone(wall, defaultZone);
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  if (offset < MIN_OFFSET || offset > MAX_OFFSET || Number(om) >= 60) {
    return { ok: false, code: 'invalid_time', message: `offset ${sign}${oh}${om} is not a real UTC offset` };
  }
  const wallMs = wallClockMs(wall);
  if (wallMs === null) return { ok: false, code: 'invalid_time', message: `not a real calendar date and time: ${value}` };
  return { ok: true, time: build(wallMs - offset * 60_000, offset, null) };
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Reads an ISO-8601 date-time, with or without an offset (then read in `defaultZone`, as assumed). */
export function parseIsoTime(text: string, defaultZone: string): TimeResult {
  const value = text.trim();
  const m = ISO_LOCAL.exec(value);
  if (!m) {
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return { ok: false, code: 'imprecise_time', message: `time ${value} has no hour and minute` };
    return { ok: false, code: 'invalid_time', message: `not an ISO-8601 date-time: ${value.slice(0, 40)}` };
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = m;
  const wall: WallClock = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0,
  };
  if (!zone) return wallClockInZone(wall, defaultZone);
  const offset = zone.toUpperCase() === 'Z' ? 0 : fixedOffsetMinutes(zone);
  if (offset === null) return { ok: false, code: 'invalid_time', message: `offset ${zone} is not a real UTC offset` };
  const wallMs = wallClockMs(wall);
  if (wallMs === null) return { ok: false, code: 'invalid_time', message: `not a real calendar date and time: ${value}` };
  return { ok: true, time: build(wallMs - offset * 60_000, offset, null) };
}

/** A date with no time (FHIR `effectiveDateTime: "1999-07-02"`): read as 12:00 in `zone`, as assumed. */
export function noonOfDate(date: string, zone: string): TimeResult {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m) return { ok: false, code: 'imprecise_time', message: `${date} names no day` };
  return wallClockInZone({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 12, minute: 0, second: 0, millisecond: 0 }, zone);
}
