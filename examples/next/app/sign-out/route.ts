import { backTo, SESSION_COOKIE } from '@/lib/session';

/** The sign-out form's target: clears the session cookie, then back to the page. */
export async function POST(request: Request) {
  const form = await request.formData();
  return new Response(null, {
    status: 303,
    headers: { location: backTo(form), 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` },
  });
}
