'use client';
import { getIdentity, on } from 'featurebase-identify';
import { useSyncExternalStore } from 'react';

const subscribe = (changed: () => void) => {
  const off = [on('identify', changed), on('reset', changed)];
  return () => off.forEach((stop) => stop());
};
const email = () => getIdentity()?.email ?? 'none';

/** Who the SDK in this tab says is identified (`getIdentity()`): after a sign-out, here or in another tab, none. */
export function Identity() {
  return <p>Featurebase identity: <output id="identity">{useSyncExternalStore(subscribe, email, () => '')}</output></p>;
}
