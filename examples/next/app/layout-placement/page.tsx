import { cookies } from 'next/headers';
import { readSession, SESSION_COOKIE } from '@/lib/session';
import { Identity } from '../identity';
import { SignInForm } from '../sign-in-form';

const HERE = '/layout-placement';

/** Under a layout that renders <Identify>; signing in and out reload the page, as with many auths. */
export default async function LayoutPlacement() {
  const user = await readSession((await cookies()).get(SESSION_COOKIE)?.value);
  return (
    <main>
      <h1>&lt;Identify&gt; in a server layout</h1>
      {user ? (
        <form method="post" action="/sign-out">
          <input type="hidden" name="back" value={HERE} />
          <p id="session">Signed in as {user.email}</p>
          <button>Sign out</button>
        </form>
      ) : (
        <SignInForm back={HERE} />
      )}
      <Identity />
      <p>
        <a href="/">The page with useIdentify</a>
      </p>
    </main>
  );
}
