// localStorage that never throws: disabled, full or missing storage (Safari private mode, SSR,
// sandboxed iframes) falls back to memory for this page's life.

const prefix = 'featurebase-identify:';
const memory: Record<string, unknown> = {};

/** The keys this SDK keeps, under the `featurebase-identify:` prefix. */
export const PENDING = 'pending';
export const LAST = 'last';
export const RESET = 'reset';

/** The storage event key of {@link RESET}: another tab logged out. */
export const RESET_KEY = prefix + RESET;

/**
 * @param key - one of the keys above
 * @returns the stored value; else what this page wrote, when storage could not keep it; else
 * null or undefined
 */
export function read<T>(key: string): T | null | undefined {
  let value: T | null | undefined;
  try {
    value = JSON.parse(localStorage.getItem(prefix + key)!);
  } catch {}
  return value ?? (memory[key] as T | undefined);
}

/**
 * Stores a value, or removes the key when it is `undefined`. A value storage cannot keep (full,
 * or too large for a fair share of it) is kept in memory only, and removes the stored one: an
 * older value must not outlive it.
 * @param key - one of the keys above
 * @param value - JSON-serializable
 */
export function write(key: string, value?: unknown): void {
  memory[key] = value;
  const json = JSON.stringify(value);
  try {
    if (value !== undefined && json.length < 5e4) return localStorage.setItem(prefix + key, json);
  } catch {}
  try {
    localStorage.removeItem(prefix + key);
  } catch {}
}
