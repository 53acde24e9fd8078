// What a store shared with other machines holds: no user identifier and no contact in the clear.
// Keys name a user (`user:["usr_1","ada@example.com"]`) or a user's request: each is replaced by
// its HMAC-SHA-256. Values (a contact, Featurebase's answer) are encrypted with AES-256-GCM, bound
// to their key, so that one user's entry copied under another's key does not open. Both keys are
// derived (HKDF) from the API key, which every instance of the app has and Redis does not. Web
// Crypto only: it runs wherever the handler does.
import type { Cache, CacheBounds, Limiter, ProxyStore } from './store.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const IV_BYTES = 12;

/**
 * Derives the naming (HMAC) and the sealing (AES-GCM) key from a secret.
 * @param secret - the API key
 * @returns both keys
 */
async function deriveKeys(secret: string): Promise<{ naming: CryptoKey; sealing: CryptoKey }> {
  const root = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  const derive = (info: string, algorithm: HmacImportParams | AesKeyGenParams, usages: KeyUsage[]) =>
    crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode(info) }, root, algorithm, false, usages);
  const [naming, sealing] = await Promise.all([
    derive('featurebase-identify store keys', { name: 'HMAC', hash: 'SHA-256', length: 256 }, ['sign']),
    derive('featurebase-identify store values', { name: 'AES-GCM', length: 256 }, ['encrypt', 'decrypt']),
  ]);
  return { naming, sealing };
}

/** @returns the bytes in base64 */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: a spread of a whole 64 KiB answer would pass too many arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** @returns the bytes of a base64 text */
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** Encrypted values are a third longer (base64), with an IV and a tag: the bounds grow alike. */
const grown = (bytes: number) => Math.ceil((bytes * 4) / 3) + 256;

/**
 * Wraps a shared store so that it never holds a user identifier or a contact in the clear.
 * @param store - the shared store
 * @param secret - the API key, the same on every instance
 * @returns the same store, keys hashed and values encrypted; an entry that does not open (written
 * with another API key, or altered) reads as missing
 */
export function sealStore(store: ProxyStore, secret: string): ProxyStore {
  const keys = deriveKeys(secret);
  const nameOf = async (kind: string, key: string) => {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', (await keys).naming, encoder.encode(`${kind}\n${key}`)));
    return toBase64(mac).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  return {
    limiter(kind, points, windowMs): Limiter {
      const inner = store.limiter(kind, points, windowMs);
      return {
        hit: async (key) => inner.hit(await nameOf(kind, key)),
        refund: async (key) => inner.refund(await nameOf(kind, key)),
        peek: async (key) => inner.peek(await nameOf(kind, key)),
        pause: async (key, ms) => inner.pause(await nameOf(kind, key), ms),
      };
    },
    cache(kind, bounds: CacheBounds): Cache {
      const inner = store.cache(kind, { maxEntries: bounds.maxEntries, maxBytes: grown(bounds.maxBytes), maxEntryBytes: grown(bounds.maxEntryBytes) });
      const context = (id: string) => ({ name: 'AES-GCM', additionalData: encoder.encode(`${kind}\n${id}`) });
      const seal = async (id: string, value: string) => {
        const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
        const sealed = new Uint8Array(await crypto.subtle.encrypt({ ...context(id), iv }, (await keys).sealing, encoder.encode(value)));
        return toBase64(iv) + toBase64(sealed);
      };
      const open = async (id: string, text: string) => {
        try {
          const bytes = fromBase64(text.slice(16));
          const iv = fromBase64(text.slice(0, 16));
          return decoder.decode(await crypto.subtle.decrypt({ ...context(id), iv }, (await keys).sealing, bytes));
        } catch {
          return undefined;
        }
      };
      return {
        async get(key) {
          const id = await nameOf(kind, key);
          const text = await inner.get(id);
          return text === undefined ? undefined : open(id, text);
        },
        async set(key, value, ttlMs) {
          const id = await nameOf(kind, key);
          await inner.set(id, await seal(id, value), ttlMs);
        },
        delete: async (key) => inner.delete(await nameOf(kind, key)),
        async claim(key, value, ttlMs) {
          const id = await nameOf(kind, key);
          return inner.claim(id, await seal(id, value), ttlMs);
        },
      };
    },
  };
}
