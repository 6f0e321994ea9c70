import { z } from 'zod';
import { PERSON_ROLES, type Role } from '../auth/permissions.ts';
import { idSchema } from './common.ts';

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

/** The minimum policy: long enough to resist guessing, and not the user name in disguise. */
export const PASSWORD_MIN_LENGTH = 10;

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256)
  .refine((p) => /[a-zA-Z]/.test(p) && /[^a-zA-Z]/.test(p), 'mix letters with digits or symbols');

export const newUserSchema = z
  .object({
    id: idSchema,
    username: z
      .string()
      .trim()
      .min(2)
      .max(64)
      .regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, dot, dash or underscore'),
    displayName: z.string().trim().min(1, 'required').max(120),
    roles: z.array(z.enum(PERSON_ROLES)).min(1, 'give at least one role'),
    password: passwordSchema,
  })
  .superRefine((input, ctx) => {
    if (input.password.toLowerCase().includes(input.username.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['password'], params: { code: 'contains_username' }, message: 'must not contain the user name' });
    }
  });
export type NewUserInput = z.input<typeof newUserSchema>;

export const passwordResetSchema = z.object({ password: passwordSchema });

export const userRolesSchema = z.object({ roles: z.array(z.enum(PERSON_ROLES)).min(1, 'give at least one role') });

/** A user as the admin pages see it. */
export interface UserAccount extends SessionUser {
  disabled: boolean;
  locked: boolean;
  failedSignIns: number;
  createdAt: string;
}

export const deviceTokenInputSchema = z.object({ name: z.string().trim().min(2, 'name the device').max(120) });

export const auditQuerySchema = z.object({
  userId: idSchema.optional(),
  username: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Id of the last entry of the previous page (entries come newest first). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface AuditEntryView {
  id: number;
  at: string;
  userId: string | null;
  username: string | null;
  sourceIp: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}
