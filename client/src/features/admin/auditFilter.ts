import { auditQuerySchema } from '../../../../shared/schemas/auth.ts';
import { formatOffset } from '../../../../shared/time.ts';

/** The audit search form as typed: every field a string, dates as `<input type="datetime-local">` values. */
export interface AuditFilter {
  userId: string;
  action: string;
  entityType: string;
  entityId: string;
  /** "2026-11-20T08:00", local time. */
  from: string;
  to: string;
}

export type AuditFilterField = keyof AuditFilter;
export type AuditFilterErrors = Partial<Record<AuditFilterField, string>>;

export const EMPTY_AUDIT_FILTER: AuditFilter = { userId: '', action: '', entityType: '', entityId: '', from: '', to: '' };

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A local date and minute as an ISO instant with this computer's offset at that date (summer
 * time included). The end of a range takes in its whole minute: "to 10:00" includes 10:00:30.
 */
export function localInputToIso(value: string, edge: 'start' | 'end'): string | null {
  const match = LOCAL_INPUT.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute, 0, 0);
  if (Number.isNaN(date.getTime()) || date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  const offset = formatOffset(-date.getTimezoneOffset());
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = edge === 'end' ? '59.999' : '00.000';
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${seconds}${offset}`;
}

/** The query the API is asked (without paging), leaving out empty fields. */
export function auditSearchParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string | null) => {
    const trimmed = value?.trim();
    if (trimmed) params.set(name, trimmed);
  };
  set('userId', filter.userId);
  set('action', filter.action);
  set('entityType', filter.entityType);
  set('entityId', filter.entityId);
  set('from', filter.from ? localInputToIso(filter.from, 'start') : null);
  set('to', filter.to ? localInputToIso(filter.to, 'end') : null);
  return params;
}

/** Checked with the API's own schema, plus the one rule it cannot see: the range runs forwards. */
export function auditFilterErrors(filter: AuditFilter): AuditFilterErrors {
  const errors: AuditFilterErrors = {};
  if (filter.from && !localInputToIso(filter.from, 'start')) errors.from = 'enter a date and time';
  if (filter.to && !localInputToIso(filter.to, 'end')) errors.to = 'enter a date and time';
  const parsed = auditQuerySchema.safeParse(Object.fromEntries(auditSearchParams(filter)));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (isFilterField(field) && !errors[field]) errors[field] = issue.message;
    }
  }
  const from = localInputToIso(filter.from, 'start');
  const to = localInputToIso(filter.to, 'end');
  if (from && to && Date.parse(from) > Date.parse(to) && !errors.to) errors.to = 'must be after the start';
  return errors;
}

function isFilterField(value: unknown): value is AuditFilterField {
  return typeof value === 'string' && value in EMPTY_AUDIT_FILTER;
}
