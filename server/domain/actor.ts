import type { Role } from '../../shared/auth/permissions.ts';
import type { SessionUser } from '../../shared/schemas/auth.ts';

/** Who is doing something, and from where: every write and every audit entry carries it. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  sourceIp: string | null;
}

export function actorFromUser(user: SessionUser, sourceIp: string | null): Actor {
  return { userId: user.id, username: user.username, displayName: user.displayName, roles: user.roles, sourceIp };
}
