import { z } from 'zod';
import type { Role } from '../auth/permissions.ts';

export const loginSchema = z.object({
  username: z.string().trim().min(1, 'required').max(64),
  password: z.string().min(1, 'required').max(256),
});

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
}
