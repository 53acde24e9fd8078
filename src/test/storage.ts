import { vi } from 'vitest';

/** How the stand-in storage behaves: `full` refuses every setItem (quota), `broken` throws on every call. */
export interface StorageMode {
  full: boolean;
  broken: boolean;
}

/**
 * Installs a Map-backed stand-in for `localStorage` with vi.stubGlobal (undone by
 * vi.unstubAllGlobals()). The SDK reads the global on every call, so switching the mode takes
 * effect at once; happy-dom's own Storage caches its methods, so spies on its prototype never fire.
 * @returns the stored items (by full key) and the mode to switch
 */
export function stubStorage(): { items: Map<string, string>; mode: StorageMode } {
  const items = new Map<string, string>();
  const mode: StorageMode = { full: false, broken: false };
  const guard = () => {
    if (mode.broken) throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => (guard(), items.get(key) ?? null),
    setItem: (key: string, value: string) => {
      guard();
      if (mode.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, String(value));
    },
    removeItem: (key: string) => (guard(), items.delete(key), undefined),
    clear: () => (guard(), items.clear()),
  });
  return { items, mode };
}

/**
 * @param items - from {@link stubStorage}
 * @param key - the SDK's key without its `featurebase-identify:` prefix
 * @returns the parsed stored value, or undefined when there is none
 */
export const storedIn = (items: Map<string, string>, key: string) => {
  const json = items.get('featurebase-identify:' + key);
  return json === undefined ? undefined : JSON.parse(json);
};
