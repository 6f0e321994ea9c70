import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUserSchema } from '../../shared/schemas/auth.ts';
import { ApiError } from '../../client/src/api/ApiError.ts';
import { adminSections, canOpenAdmin } from '../../client/src/features/admin/adminAccess.ts';
import { EMPTY_AUDIT_FILTER, auditFilterErrors, auditSearchParams, localInputToIso } from '../../client/src/features/admin/auditFilter.ts';
import { auditActionLabel, auditChanges, fieldLabel, formatAuditValue, shortId } from '../../client/src/features/admin/auditText.ts';
import { firstInvalid, issuesByField, serverErrors } from '../../client/src/features/admin/formErrors.ts';

const NEW_USER_FIELDS = ['displayName', 'username', 'roles', 'password'] as const;
const ID = '0b6c5fa9-1d2e-4f3a-8b4c-5d6e7f8a9b0c';

describe('who sees the administration', () => {
  it('follows the permission table, section by section', () => {
    expect(adminSections(['admin']).map((section) => section.label)).toEqual(['Users', 'Chairs', 'Device tokens', 'Audit trail']);
    for (const role of ['nurse', 'physician', 'reviewer', 'device'] as const) {
      expect(adminSections([role])).toEqual([]);
      expect(canOpenAdmin([role])).toBe(false);
    }
    expect(canOpenAdmin(['nurse', 'admin'])).toBe(true);
  });
});

describe('new account form errors', () => {
  it('puts each shared-schema message next to its field, in plainer words than zod’s', () => {
    const parsed = newUserSchema.safeParse({ id: ID, displayName: '', username: 'N', roles: [], password: 'infusion' });
    expect(parsed.success).toBe(false);
    const errors = issuesByField(NEW_USER_FIELDS, parsed.error?.issues ?? []);
    expect(errors).toEqual({
      displayName: 'required',
      username: 'at least 2 characters',
      roles: 'give at least one role',
      password: 'at least 10 characters',
    });
    expect(firstInvalid(NEW_USER_FIELDS, errors)).toBe('displayName');
  });

  it('refuses a password with the user name in it', () => {
    const parsed = newUserSchema.safeParse({ id: ID, displayName: 'Nadia', username: 'nnovak', roles: ['nurse'], password: 'nnovak-2026!' });
    expect(issuesByField(NEW_USER_FIELDS, parsed.error?.issues ?? [])).toEqual({ password: 'must not contain the user name' });
  });

  it('places server issues by path and says the rest once above the form', () => {
    const taken = new ApiError(409, { error: 'username_taken', message: 'The user name nnovak is taken', issues: [{ path: 'username', code: 'username_taken', message: 'The user name nnovak is taken' }] });
    expect(serverErrors(NEW_USER_FIELDS, taken)).toEqual({ fields: { username: 'The user name nnovak is taken' }, form: null });
    const nested = new ApiError(400, { error: 'validation', message: 'Invalid', issues: [{ path: 'roles.0', code: 'invalid_value', message: 'not a role' }, { path: 'id', code: 'invalid_format', message: 'must be a UUID' }] });
    expect(serverErrors(NEW_USER_FIELDS, nested)).toEqual({ fields: { roles: 'not a role' }, form: 'must be a UUID' });
    const forbidden = new ApiError(403, { error: 'forbidden', message: 'Your role may not user.manage' });
    expect(serverErrors(NEW_USER_FIELDS, forbidden)).toEqual({ fields: {}, form: 'Your role may not user.manage' });
    expect(serverErrors(NEW_USER_FIELDS, new Error('boom')).form).toBe('Something went wrong. Try again.');
    expect(serverErrors(NEW_USER_FIELDS, null)).toEqual({ fields: {}, form: null });
  });
});

describe('audit search', () => {
  const timeZone = process.env.TZ;
  beforeAll(() => {
    // Berlin: +01:00 in winter, +02:00 in summer, so the offset must come from the date itself.
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    process.env.TZ = timeZone;
  });

  it('turns local date inputs into instants with the offset in force on that date', () => {
    expect(localInputToIso('2026-11-20T08:00', 'start')).toBe('2026-11-20T08:00:00.000+01:00');
    expect(localInputToIso('2026-07-01T10:30', 'start')).toBe('2026-07-01T10:30:00.000+02:00');
    // "To 10:00" includes everything within that minute.
    expect(localInputToIso('2026-11-20T10:00', 'end')).toBe('2026-11-20T10:00:59.999+01:00');
    expect(localInputToIso('2026-02-30T10:00', 'start')).toBeNull();
    expect(localInputToIso('yesterday', 'start')).toBeNull();
  });

  it('asks only for what is filled in', () => {
    expect(auditSearchParams(EMPTY_AUDIT_FILTER).toString()).toBe('');
    const params = auditSearchParams({ ...EMPTY_AUDIT_FILTER, userId: ID, action: 'user.', entityId: '  abc ', from: '2026-11-20T08:00' });
    expect(Object.fromEntries(params)).toEqual({ userId: ID, action: 'user.', entityId: 'abc', from: '2026-11-20T08:00:00.000+01:00' });
  });

  it('checks the filter with the API’s schema and refuses a range that runs backwards', () => {
    expect(auditFilterErrors(EMPTY_AUDIT_FILTER)).toEqual({});
    expect(auditFilterErrors({ ...EMPTY_AUDIT_FILTER, userId: 'nurse' })).toEqual({ userId: 'must be a UUID' });
    expect(auditFilterErrors({ ...EMPTY_AUDIT_FILTER, from: '2026-11-21T00:00', to: '2026-11-20T00:00' })).toEqual({ to: 'must be after the start' });
    expect(auditFilterErrors({ ...EMPTY_AUDIT_FILTER, from: '2026-11-20T00:00', to: '2026-11-20T00:00' })).toEqual({});
  });
});

describe('audit entries in words', () => {
  it('names known actions and shows unknown ones as they are', () => {
    expect(auditActionLabel('user.rolesChanged')).toBe('Roles changed');
    expect(auditActionLabel('auth.signInRefusedLocked')).toBe('Sign-in refused: account locked');
    expect(auditActionLabel('alarm.acknowledged')).toBe('alarm.acknowledged');
  });

  it('lists only what changed between before and after', () => {
    const before = { id: ID, username: 'nnovak', displayName: 'Nadia Novak', roles: ['nurse'], disabled: false, locked: true, failedSignIns: 10 };
    const after = { ...before, roles: ['nurse', 'physician'], locked: false, failedSignIns: 0 };
    expect(auditChanges(before, after)).toEqual([
      { field: 'Roles', before: 'Nurse', after: 'Nurse, Physician' },
      { field: 'Locked', before: 'yes', after: 'no' },
      { field: 'Failed sign-ins', before: '10', after: '0' },
    ]);
  });

  it('lists every field of a creation, and nothing for an entry without either side', () => {
    expect(auditChanges(null, { id: ID, label: 'Chair 7', room: '' })).toEqual([
      { field: 'Label', after: 'Chair 7' },
      { field: 'Room', after: '—' },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges(undefined, 'text')).toEqual([{ field: 'Value', after: 'text' }]);
  });

  it('keeps long values short: ids by their first block, batches counted, objects cut', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(8, '0')}-1d2e-4f3a-8b4c-5d6e7f8a9b0c`);
    expect(formatAuditValue('ids', ids)).toBe('00000000, 00000001, 00000002 and 57 more');
    expect(formatAuditValue('note', { text: 'x'.repeat(300) })).toHaveLength(140);
    expect(formatAuditValue('value', null)).toBe('—');
    expect(shortId(ID)).toBe('0b6c5fa9');
    expect(shortId('device:room-2')).toBe('device:room-2');
    expect(fieldLabel('statusReason')).toBe('Status reason');
  });
});
