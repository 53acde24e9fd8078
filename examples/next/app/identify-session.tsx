'use client';
import { identify, init, reset } from 'featurebase-identify';
import { useEffect, useState } from 'react';
import type { User } from '@/lib/session';
import { describeOutcome } from './outcome';

/**
 * Tells Featurebase who is signed in, once per user, and forgets them on sign-out: the effect a
 * React hook of the SDK would hold.
 */
export function IdentifySession({ user, endpoint }: { user: User | null; endpoint: string }) {
  const [outcome, setOutcome] = useState('');
  const { id, email, name } = user || {};
  useEffect(() => {
    init({ endpoint });
    if (!id || !email) {
      reset();
      return;
    }
    let current = true;
    identify({ userId: id, email, name: name || undefined }).then(
      (result) => current && setOutcome(describeOutcome(result)),
      (error) => current && setOutcome(describeOutcome(error)),
    );
    return () => void (current = false);
  }, [endpoint, id, email, name]);
  return user ? <p>On sign-in: <output id="session-outcome">{outcome || 'sending…'}</output></p> : null;
}
