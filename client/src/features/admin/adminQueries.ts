import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PersonRole } from '../../../../shared/auth/permissions.ts';
import type { AuditEntryView, NewUserInput, UserAccount } from '../../../../shared/schemas/auth.ts';
import type { Chair, ChairInput } from '../../../../shared/schemas/chair.ts';
import { getJson, postJson } from '../../api/apiFetch.ts';
import { queryKeys } from '../../api/queryKeys.ts';
import { type AuditFilter, auditSearchParams } from './auditFilter.ts';

/** A device's ingest token as the admin pages see it (the secret itself is never listed). */
export interface DeviceTokenView {
  id: string;
  name: string;
  createdAt: string;
  /** Display name of the administrator who made it. */
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  nextBefore: number | null;
}

/* Users */

export function useUserAccounts(enabled = true) {
  return useQuery({
    queryKey: queryKeys.adminUsers,
    enabled,
    queryFn: async ({ signal }) => (await getJson<{ users: UserAccount[] }>('/api/admin/users', signal)).users,
  });
}

/** Every change answers with the account as it now is; the list is patched, then refetched. */
function useAccountChange<Variables>(request: (variables: Variables) => Promise<{ user: UserAccount }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (variables: Variables) => (await request(variables)).user,
    onSuccess: (account) => {
      queryClient.setQueryData<UserAccount[]>(queryKeys.adminUsers, (users) => {
        if (!users) return users;
        const known = users.some((user) => user.id === account.id);
        return known ? users.map((user) => (user.id === account.id ? account : user)) : [...users, account];
      });
      // People pickers elsewhere (scheduling) list users too.
      void queryClient.invalidateQueries({ queryKey: queryKeys.adminUsers });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
}

export function useCreateUser() {
  return useAccountChange((input: NewUserInput) => postJson<{ user: UserAccount }>('/api/admin/users', input));
}

export function useResetPassword() {
  return useAccountChange(({ id, password }: { id: string; password: string }) =>
    postJson<{ user: UserAccount }>(`/api/admin/users/${encodeURIComponent(id)}/password`, { password }),
  );
}

export function useSetRoles() {
  return useAccountChange(({ id, roles }: { id: string; roles: PersonRole[] }) =>
    postJson<{ user: UserAccount }>(`/api/admin/users/${encodeURIComponent(id)}/roles`, { roles }),
  );
}

export type AccountSwitch = 'disable' | 'enable' | 'unlock';

export function useAccountSwitch() {
  return useAccountChange(({ id, change }: { id: string; change: AccountSwitch }) =>
    postJson<{ user: UserAccount }>(`/api/admin/users/${encodeURIComponent(id)}/${change}`),
  );
}

/* Chairs */

export function useChairList() {
  return useQuery({
    queryKey: queryKeys.chairs,
    queryFn: async ({ signal }) => (await getJson<{ chairs: Chair[] }>('/api/chairs', signal)).chairs,
  });
}

export function useCreateChair() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: ChairInput) => (await postJson<{ chair: Chair }>('/api/chairs', input)).chair,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.chairs }),
  });
}

/* Device tokens */

export function useDeviceTokens() {
  return useQuery({
    queryKey: queryKeys.deviceTokens,
    queryFn: async ({ signal }) => (await getJson<{ deviceTokens: DeviceTokenView[] }>('/api/admin/device-tokens', signal)).deviceTokens,
  });
}

export function useCreateDeviceToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => postJson<{ token: string; deviceToken: DeviceTokenView }>('/api/admin/device-tokens', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.deviceTokens }),
  });
}

export function useRevokeDeviceToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => postJson<{ ok: true }>(`/api/admin/device-tokens/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.deviceTokens }),
  });
}

/* Audit trail */

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, a page at a time; each further page is "older than the last entry shown". */
export function useAuditTrail(filter: AuditFilter) {
  const params = auditSearchParams(filter);
  return useInfiniteQuery({
    queryKey: queryKeys.audit(params.toString()),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams(params);
      query.set('limit', String(AUDIT_PAGE_SIZE));
      if (pageParam !== null) query.set('before', String(pageParam));
      return getJson<AuditPage>(`/api/admin/audit?${query.toString()}`, signal);
    },
    getNextPageParam: (page) => page.nextBefore,
    // The trail grows while the page is open: a new search (or coming back) shows the newest.
    staleTime: 0,
  });
}
