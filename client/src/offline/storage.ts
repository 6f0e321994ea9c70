/**
 * The slice of the Web Storage API the outbox and the drafts need. `localStorage` in the browser;
 * an in-memory map in unit tests or when the browser blocks storage.
 */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class MemoryStorage implements KeyValueStorage {
  private readonly values = new Map<string, string>();

  get length(): number {
    return this.values.size;
  }

  key(index: number): string | null {
    return [...this.values.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }

  removeItem(key: string): void {
    this.values.delete(key);
  }
}

let fallback: MemoryStorage | null = null;

/**
 * `localStorage` when the browser lets us use it (it survives a reload and a crash of the tab);
 * otherwise memory, and `persistent` says so, so the screen can warn that entries would not
 * survive a reload.
 */
export function browserStorage(): { storage: KeyValueStorage; persistent: boolean } {
  try {
    const storage = globalThis.localStorage;
    const probe = '__chairside_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return { storage, persistent: true };
  } catch {
    fallback ??= new MemoryStorage();
    return { storage: fallback, persistent: false };
  }
}

/** Every key that starts with `prefix`, read once (removing while iterating shifts indexes). */
export function keysWithPrefix(storage: KeyValueStorage, prefix: string): string[] {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}
