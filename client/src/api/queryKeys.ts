/** Query keys in one place: the realtime layer patches the same entries the pages read. */
export const queryKeys = {
  currentUser: ['auth', 'me'] as const,
  ward: ['ward'] as const,
  session: (sessionId: string) => ['sessions', sessionId] as const,
};
