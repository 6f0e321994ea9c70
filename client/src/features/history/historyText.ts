import type { SessionStatus } from '../../../../shared/schemas/session.ts';

export const STATUS_TEXT: Readonly<Record<SessionStatus, string>> = {
  scheduled: 'Scheduled',
  inProgress: 'In progress',
  completed: 'Completed',
  signed: 'Signed',
};

/** A date input's day as an instant with the browser's UTC offset, as the API wants it. */
export function dayBoundary(day: string, end: boolean): string {
  const local = new Date(`${day}T${end ? '23:59:59' : '00:00:00'}`);
  const offset = -local.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${day}T${end ? '23:59:59' : '00:00:00'}${sign}${hh}:${mm}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatNumber(value: number | null, unit = ''): string {
  return value === null ? '—' : `${value}${unit}`;
}
