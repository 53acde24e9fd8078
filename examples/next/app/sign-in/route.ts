import { backTo, createSession, SESSION_COOKIE, userFor } from '@/lib/session';

/** The sign-in form's target: sets the session cookie, then back to the page. */
export async function POST(request: Request) {
  const form = await request.formData();
  const email = String(form.get('email') || '');
  if (!email.includes('@')) return new Response('An email is needed to sign in', { status: 400 });
  const session = await createSession(userFor(email, String(form.get('name') || '')));
  // A relative Location: request.url says localhost in `next start`, whatever the Host.
  return new Response(null, {
    status: 303,
    headers: { location: backTo(form), 'set-cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax` },
  });
}
