'use server';
import { cookies } from 'next/headers';
import { createSession, readSession, SESSION_COOKIE } from '@/lib/session';

// Server actions that change the session cookie: Next.js then renders the page again in place,
// so the client components stay mounted and see the new user (as with most auth libraries).

/** Renames the signed-in user. */
export async function rename(form: FormData): Promise<void> {
  const store = await cookies();
  const user = await readSession(store.get(SESSION_COOKIE)?.value);
  if (!user) return;
  const session = await createSession({ ...user, name: String(form.get('newName') || '').trim() });
  store.set(SESSION_COOKIE, session, { path: '/', httpOnly: true, sameSite: 'lax' });
}

/** Signs out without leaving the page. */
export async function signOut(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
