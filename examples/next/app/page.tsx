import { cookies } from 'next/headers';
import { readSession, SESSION_COOKIE } from '@/lib/session';
import { rename, signOut } from './actions';
import { IdentifyForm } from './identify-form';
import { IdentifySession } from './identify-session';
import { Identity } from './identity';
import { SignInForm } from './sign-in-form';

const ENDPOINTS = { node: '/api/featurebase/identify', edge: '/api/edge/featurebase/identify' };

export default async function Home({ searchParams }: { searchParams: Promise<{ runtime?: string }> }) {
  const user = await readSession((await cookies()).get(SESSION_COOKIE)?.value);
  const runtime = (await searchParams).runtime == 'edge' ? 'edge' : 'node';
  const back = runtime == 'edge' ? '/?runtime=edge' : '/';
  return (
    <main>
      <h1>featurebase-identify on Next.js</h1>
      <p>
        Endpoint: <code id="endpoint">{ENDPOINTS[runtime]}</code> ({runtime} runtime) ·{' '}
        <a href={runtime == 'edge' ? '/' : '/?runtime=edge'}>use the {runtime == 'edge' ? 'node' : 'edge'} runtime</a>
      </p>
      {user ? (
        <>
          <form action={signOut}>
            <p id="session">Signed in as {user.email}</p>
            <button>Sign out</button>
          </form>
          <form action={rename}>
            <label>Your name <input name="newName" defaultValue={user.name} /></label> <button>Rename</button>
          </form>
        </>
      ) : (
        <SignInForm back={back} />
      )}
      <IdentifySession user={user} endpoint={ENDPOINTS[runtime]} />
      <Identity />
      <IdentifyForm user={user} />
    </main>
  );
}
