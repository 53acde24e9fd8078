import { cookies } from 'next/headers';
import { readSession, SESSION_COOKIE } from '@/lib/session';
import { IdentifyForm } from './identify-form';
import { IdentifySession } from './identify-session';

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
        <form method="post" action="/sign-out">
          <input type="hidden" name="back" value={back} />
          <p id="session">Signed in as {user.email}</p>
          <button>Sign out</button>
        </form>
      ) : (
        <form method="post" action="/sign-in">
          <input type="hidden" name="back" value={back} />
          <p id="session">Signed out</p>
          <label>Email <input name="email" type="email" required /></label> <label>Name <input name="name" /></label> <button>Sign in</button>
        </form>
      )}
      <IdentifySession user={user} endpoint={ENDPOINTS[runtime]} />
      <IdentifyForm user={user} />
    </main>
  );
}
