import { ROLE_LABELS, type Role } from '../../../../shared/auth/permissions.ts';

/**
 * The audit trail in words: what each action code means, and what an entry changed. Pure, so
 * the wording is tested without a browser.
 */

export interface AuditActionGroup {
  /** The API filters by prefix: "user." finds every account change. */
  prefix: string;
  label: string;
  actions: Readonly<Record<string, string>>;
}

export const AUDIT_ACTION_GROUPS: readonly AuditActionGroup[] = [
  {
    prefix: 'auth.',
    label: 'Sign-in',
    actions: {
      'auth.signedIn': 'Signed in',
      'auth.signedOut': 'Signed out',
      'auth.signInFailed': 'Sign-in failed',
      'auth.signInRefusedLocked': 'Sign-in refused: account locked',
      'auth.accountLocked': 'Account locked after failed sign-ins',
    },
  },
  {
    prefix: 'user.',
    label: 'Accounts',
    actions: {
      'user.created': 'Account created',
      'user.passwordReset': 'Password reset',
      'user.rolesChanged': 'Roles changed',
      'user.disabled': 'Account disabled',
      'user.enabled': 'Account enabled',
      'user.unlocked': 'Account unlocked',
    },
  },
  { prefix: 'deviceToken.', label: 'Device tokens', actions: { 'deviceToken.created': 'Device token created', 'deviceToken.revoked': 'Device token revoked' } },
  { prefix: 'chair.', label: 'Chairs', actions: { 'chair.created': 'Chair added' } },
  { prefix: 'patient.', label: 'Patients', actions: { 'patient.created': 'Patient registered' } },
  {
    prefix: 'session.',
    label: 'Sessions',
    actions: { 'session.created': 'Session scheduled', 'session.phaseChanged': 'Session phase changed', 'session.viewed': 'Session record viewed' },
  },
  { prefix: 'infusion.', label: 'Infusion', actions: { 'infusion.recorded': 'Infusion event recorded' } },
  {
    prefix: 'observation.',
    label: 'Observations',
    actions: {
      'observation.recorded': 'Observation recorded',
      'observation.corrected': 'Observation corrected',
      'observation.enteredInError': 'Observation marked entered in error',
    },
  },
  {
    prefix: 'sideEffect.',
    label: 'Side effects',
    actions: {
      'sideEffect.recorded': 'Side effect recorded',
      'sideEffect.corrected': 'Side effect corrected',
      'sideEffect.enteredInError': 'Side effect marked entered in error',
    },
  },
];

export const AUDIT_ENTITY_TYPES: Readonly<Record<string, string>> = {
  user: 'Account',
  deviceToken: 'Device token',
  chair: 'Chair',
  patient: 'Patient',
  session: 'Session',
  observation: 'Observation',
  sideEffect: 'Side effect',
};

/** "Roles changed" for `user.rolesChanged`; an unknown code is shown as it is. */
export function auditActionLabel(action: string): string {
  for (const group of AUDIT_ACTION_GROUPS) {
    const label = group.actions[action];
    if (label) return label;
  }
  return action;
}

/** What an entry means when it carries no field changes worth listing. */
const ACTION_NOTES: Readonly<Record<string, string>> = {
  'user.passwordReset': 'New password set (passwords are never shown); open sign-ins ended.',
  'deviceToken.revoked': 'The device is refused from its next request.',
  'auth.accountLocked': 'Locked after repeated failed sign-ins.',
};

export function auditActionNote(action: string): string | null {
  return ACTION_NOTES[action] ?? null;
}

export function entityTypeLabel(entityType: string): string {
  return AUDIT_ENTITY_TYPES[entityType] ?? entityType;
}

/** Ids are UUIDs: the first block tells them apart on screen; the whole id is in the title. */
export function shortId(id: string): string {
  return UUID.test(id) ? id.slice(0, 8) : id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditChange {
  field: string;
  /** Absent when the entry has no "before" (a creation) or no "after". */
  before?: string;
  after?: string;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  displayName: 'Name',
  username: 'User name',
  roles: 'Roles',
  disabled: 'Disabled',
  locked: 'Locked',
  failedSignIns: 'Failed sign-ins',
  createdAt: 'Created',
  ip: 'Address',
  mrn: 'MRN',
  spo2: 'SpO₂',
};

/** Fields that identify rather than describe; they are in the entity column already. */
const HIDDEN_FIELDS = new Set(['id']);
const MAX_VALUE_LENGTH = 140;
const MAX_LISTED = 3;

export function fieldLabel(field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return known;
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatAuditValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (field === 'roles' && Array.isArray(value)) return value.map((role) => ROLE_LABELS[role as Role] ?? String(role)).join(', ') || '—';
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    // A batch names its records: a few are listed, the rest counted.
    const items = value.map((item) => (typeof item === 'string' ? shortId(item) : String(item)));
    if (items.length === 0) return '—';
    return items.length > MAX_LISTED ? `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more` : items.join(', ');
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What an entry changed: for a before/after pair only the fields that differ, for a creation
 * (or a removal) every field it carried.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  if (!hasBefore && !hasAfter) return [];
  if (!isRecord(before) && !isRecord(after)) {
    return [{ field: 'Value', ...(hasBefore ? { before: formatAuditValue('', before) } : {}), ...(hasAfter ? { after: formatAuditValue('', after) } : {}) }];
  }
  const from = isRecord(before) ? before : {};
  const to = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(to), ...Object.keys(from)])].filter((field) => !HIDDEN_FIELDS.has(field));
  const changes: AuditChange[] = [];
  for (const field of fields) {
    const inBefore = hasBefore && field in from;
    const inAfter = hasAfter && field in to;
    if (inBefore && inAfter && JSON.stringify(from[field]) === JSON.stringify(to[field])) continue;
    changes.push({
      field: fieldLabel(field),
      ...(inBefore ? { before: formatAuditValue(field, from[field]) } : {}),
      ...(inAfter ? { after: formatAuditValue(field, to[field]) } : {}),
    });
  }
  return changes;
}
