import type { Role } from '../../../../shared/auth/permissions.ts';

/** Shown beside the user's name. Belongs with ROLES in shared/ once the shared owners add it. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  nurse: 'Nurse',
  physician: 'Physician',
  reviewer: 'Reviewer',
  admin: 'Administrator',
};

export function describeRoles(roles: readonly Role[]): string {
  return roles.map((role) => ROLE_LABELS[role]).join(', ');
}
