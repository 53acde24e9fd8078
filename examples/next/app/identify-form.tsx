'use client';
import { identify } from 'featurebase-identify';
import { useState, type FormEvent } from 'react';
import type { User } from '@/lib/session';
import { describeOutcome } from './outcome';

/** Identify by hand: another name (updated), another user's email (403), or signed out (401). */
export function IdentifyForm({ user }: { user: User | null }) {
  const [outcome, setOutcome] = useState('');
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('contact-email'));
    const name = String(form.get('contact-name')) || undefined;
    setOutcome('sending…');
    try {
      setOutcome(describeOutcome(await identify({ email, name })));
    } catch (error) {
      setOutcome(describeOutcome(error));
    }
  }
  return (
    <form onSubmit={submit}>
      <h2>Identify</h2>
      <label>Email <input id="contact-email" name="contact-email" type="email" defaultValue={user?.email} required /></label>{' '}
      <label>Name <input id="contact-name" name="contact-name" defaultValue={user?.name} /></label> <button>Identify</button>
      <p>Outcome: <output id="outcome">{outcome}</output></p>
    </form>
  );
}
