/**
 * The result of applying one change to a cached snapshot. `next` is the very same object when
 * nothing changed, so React Query and memoised components can skip work on replays.
 * `needsSnapshot` says the change removed something the snapshot cannot restore on its own
 * (e.g. the latest reading was entered in error and the one before it is not in the cache).
 */
export interface PatchOutcome<T> {
  next: T;
  needsSnapshot: boolean;
}

export const unchanged = <T>(snapshot: T): PatchOutcome<T> => ({ next: snapshot, needsSnapshot: false });
