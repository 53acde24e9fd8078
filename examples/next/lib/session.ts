// A cookie sign-in for the example: anyone may sign in as any email. The cookie is signed with
// SESSION_SECRET (HMAC-SHA256, Web Crypto), so the Node and the edge routes both read it.

/** The signed-in user, as the app's session knows them. */
export interface User {
  id: string;
  email: string;
  name: string;
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'session';

const encoder = new TextEncoder();
const toBase64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));

async function hmacKey(): Promise<CryptoKey> {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error('Set SESSION_SECRET to sign the session cookie');
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** The user an email signs in as: the id is made from the email. */
export function userFor(email: string, name: string): User {
  const normalized = email.trim().toLowerCase();
  return { id: `usr_${normalized.replace(/[^a-z0-9]+/g, '_')}`, email: normalized, name: name.trim() };
}

/** The cookie value that signs `user` in. */
export async function createSession(user: User): Promise<string> {
  const payload = encoder.encode(JSON.stringify(user));
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(), payload));
  return `${toBase64Url(payload)}.${toBase64Url(signature)}`;
}

/** The user a session cookie names, or null when it is missing or not ours. */
export async function readSession(cookie: string | undefined): Promise<User | null> {
  const [payload, signature] = (cookie || '').split('.');
  if (!payload || !signature) return null;
  try {
    const bytes = fromBase64Url(payload);
    const valid = await crypto.subtle.verify('HMAC', await hmacKey(), fromBase64Url(signature), bytes);
    return valid ? (JSON.parse(new TextDecoder().decode(bytes)) as User) : null;
  } catch {
    return null;
  }
}

/** Where a sign-in or sign-out form goes back to: a path of this site, never another site. */
export function backTo(form: FormData): string {
  const back = String(form.get('back') || '/');
  return /^\/(?![/\\])/.test(back) ? back : '/';
}
