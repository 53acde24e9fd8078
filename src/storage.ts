// localStorage that never throws: disabled, full or missing storage (Safari private mode, SSR,
// sandboxed iframes) falls back to memory for this page's life.

const prefix = 'featurebase-identify:';
const memory: Record<string, unknown> = {};

/** The keys this SDK keeps, under the `featurebase-identify:` prefix. */
export const PENDING = 'pending';
export const LAST = 'last';
export const RESET = 'reset';

/**
 * @param key - one of the keys above
 * @returns the stored value, or undefined
 */
export function read<T>(key: string): T | undefined {
  try {
    return JSON.parse(localStorage.getItem(prefix + key)!) ?? undefined;
  } catch {
    return memory[key] as T;
  }
}

/**
 * Stores a value; one too large for a fair share of storage stays in memory only.
 * @param key - one of the keys above
 * @param value - JSON-serializable
 */
export function write(key: string, value: unknown): void {
  memory[key] = value;
  try {
    const json = JSON.stringify(value);
    if (json.length < 5e4) localStorage.setItem(prefix + key, json);
  } catch {}
}

/** @param key - one of the keys above */
export function remove(key: string): void {
  delete memory[key];
  try {
    localStorage.removeItem(prefix + key);
  } catch {}
}

/** @returns whether a storage event is about one of our keys, and which */
export const storageKey = (event: StorageEvent) => event.key && event.key.slice(prefix.length);
