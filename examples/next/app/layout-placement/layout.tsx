import { Identify } from 'featurebase-identify/react';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { readSession, SESSION_COOKIE } from '@/lib/session';

// README's placement: a server layout reads the session and renders <Identify>, a client
// component that renders nothing. Every page below it identifies the user, and a page served
// signed out resets what an earlier page identified.
export default async function IdentifiedLayout({ children }: { children: ReactNode }) {
  const user = await readSession((await cookies()).get(SESSION_COOKIE)?.value);
  return (
    <>
      <Identify contact={user ? { userId: user.id, email: user.email, name: user.name || undefined } : null} />
      {children}
    </>
  );
}
