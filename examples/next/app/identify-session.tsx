'use client';
import { init } from 'featurebase-identify';
import { useIdentify } from 'featurebase-identify/react';
import { useEffect, useState } from 'react';
import type { User } from '@/lib/session';
import { describeOutcome } from './outcome';

/**
 * Tells Featurebase who is signed in: useIdentify with the session's user, or null once signed
 * out (then it resets). The contact is a new object every render; only a change of its content
 * sends anything.
 */
export function IdentifySession({ user, endpoint }: { user: User | null; endpoint: string }) {
  // Before useIdentify: effects run in order, so the endpoint is set before the identify.
  useEffect(() => void init({ endpoint }), [endpoint]);
  const { status, error } = useIdentify(user && { userId: user.id, email: user.email, name: user.name || undefined });
  const [renders, setRenders] = useState(1);
  if (!user) return null;
  return (
    <p>
      On sign-in: <output id="session-outcome">{error ? describeOutcome(error) : status}</output> ·{' '}
      <button onClick={() => setRenders(renders + 1)}>Render again</button> (<output id="renders">{renders}</output>{' '}
      renders, an equal contact each time: nothing more is sent)
    </p>
  );
}
