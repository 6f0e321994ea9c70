/** Plain-language durations and times for the screen. Pure, so they are easy to test. */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** "just now", "42 s ago", "3 min ago", "1 h 05 min ago". A future time (clock skew) reads "just now". */
export function formatAge(ageMs: number): string {
  if (ageMs < 5 * SECOND) return 'just now';
  if (ageMs < MINUTE) return `${Math.floor(ageMs / SECOND)} s ago`;
  if (ageMs < HOUR) return `${Math.floor(ageMs / MINUTE)} min ago`;
  const hours = Math.floor(ageMs / HOUR);
  const minutes = Math.floor((ageMs % HOUR) / MINUTE);
  return `${hours} h ${String(minutes).padStart(2, '0')} min ago`;
}

/**
 * The same, short enough for a tile and to the minute: "now", "<1 min", "3 min", "1 h 05". Read
 * with "ago". A wall of monitor tiles then does not rewrite dozens of labels every second.
 */
export function formatAgeShort(ageMs: number): string {
  if (ageMs < 10 * SECOND) return 'now';
  if (ageMs < MINUTE) return '<1 min';
  if (ageMs < HOUR) return `${Math.floor(ageMs / MINUTE)} min`;
  return `${Math.floor(ageMs / HOUR)} h ${String(Math.floor((ageMs % HOUR) / MINUTE)).padStart(2, '0')}`;
}

/** Whole minutes, as a clinician says them: "7 min", "1 h 12 min". */
export function formatMinutes(totalMinutes: number): string {
  const minutes = Math.max(0, Math.floor(totalMinutes));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });

/** Wall-clock time in the clinic's (the browser's) time zone: "14:05:09". */
export function formatClockTime(iso: string): string {
  return clockFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** Age in whole years on `atMs`, from a YYYY-MM-DD date of birth. */
export function ageInYears(dateOfBirth: string, atMs: number): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const at = new Date(atMs);
  if (year === undefined || month === undefined || day === undefined) return Number.NaN;
  const hadBirthday = at.getMonth() + 1 > month || (at.getMonth() + 1 === month && at.getDate() >= day);
  return at.getFullYear() - year - (hadBirthday ? 0 : 1);
}
