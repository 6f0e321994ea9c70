import { ROLE_LABELS, type Role } from '../../../../shared/auth/permissions.ts';

/** Shown beside the user's name. */
export function describeRoles(roles: readonly Role[]): string {
  return roles.map((role) => ROLE_LABELS[role]).join(', ');
}
