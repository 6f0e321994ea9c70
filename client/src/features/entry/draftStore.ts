import { type KeyValueStorage, browserStorage } from '../../offline/storage.ts';

/**
 * Unfinished entries, kept per user and per session so a nurse called away finds the half-typed
 * set when she comes back, even after a reload. A draft is removed once its entry is saved.
 */
export const DRAFT_PREFIX = 'chairside.draft.v1.';

export type DraftKind = 'vitals' | 'sideEffect';

export function draftKey(userId: string, sessionId: string, kind: DraftKind): string {
  return `${DRAFT_PREFIX}${userId}.${sessionId}.${kind}`;
}

export interface StoredDraft<T> {
  savedAt: string;
  draft: T;
}

export class DraftStore {
  constructor(private readonly storage: KeyValueStorage = browserStorage().storage) {}

  load<T>(key: string, isDraft: (value: unknown) => value is T): StoredDraft<T> | null {
    try {
      const text = this.storage.getItem(key);
      if (text === null) return null;
      const parsed = JSON.parse(text) as { savedAt?: unknown; draft?: unknown };
      if (typeof parsed.savedAt !== 'string' || !isDraft(parsed.draft)) return null;
      return { savedAt: parsed.savedAt, draft: parsed.draft };
    } catch {
      return null;
    }
  }

  save<T>(key: string, draft: T, now: Date): void {
    try {
      this.storage.setItem(key, JSON.stringify({ savedAt: now.toISOString(), draft }));
    } catch {
      // A draft is a convenience; the entry itself goes through the outbox.
    }
  }

  clear(key: string): void {
    try {
      this.storage.removeItem(key);
    } catch {
      // Nothing to do.
    }
  }
}
