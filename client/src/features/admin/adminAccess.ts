import { type Action, type Role, can } from '../../../../shared/auth/permissions.ts';

/** The administration area's sections, each opened by one action of the permission table. */
export const ADMIN_SECTIONS = [
  { path: '/users', label: 'Users', action: 'user.manage' },
  { path: '/chairs', label: 'Chairs', action: 'chair.manage' },
  { path: '/devices', label: 'Device tokens', action: 'device.manage' },
  { path: '/audit', label: 'Audit trail', action: 'audit.read' },
] as const satisfies ReadonlyArray<{ path: string; label: string; action: Action }>;

export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** The sections these roles may open, in menu order. */
export function adminSections(roles: readonly Role[]): AdminSection[] {
  return ADMIN_SECTIONS.filter((section) => can(roles, section.action));
}

/** Whether the header offers "Admin" at all. */
export function canOpenAdmin(roles: readonly Role[]): boolean {
  return adminSections(roles).length > 0;
}
