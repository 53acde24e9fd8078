/** @jsxImportSource react */
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Sdk from '../index.js';
import { fakeFetch, type Sent } from '../test/fake-fetch.js';
import type * as ReactEntry from './index.js';

let sdk: typeof Sdk;
let entry: typeof ReactEntry;
let resets: number;
let consoleCalls: unknown[][];

const ada = { userId: 'u_ada', email: 'ada@example.com', name: 'Ada' };
const bob = { userId: 'u_bob', email: 'bob@example.com' };
const stored = (key: string) => localStorage.getItem('featurebase-identify:' + key);

/** A fake endpoint like Featurebase's upsert: 201 for a userId it has not seen, 200 after. */
function upsert() {
  const seen = new Set<unknown>();
  return (sent: Sent) => {
    const { userId } = sent.body as { userId: string };
    const status = seen.has(userId) ? 200 : 201;
    seen.add(userId);
    return Response.json({ object: 'contact', id: 'a'.repeat(24), ...(sent.body as object) }, { status });
  };
}

/** A reply held until `release()`. */
function held() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reply = async (sent: Sent) => {
    await gate;
    return Response.json({ object: 'contact', id: 'a'.repeat(24), ...(sent.body as object) }, { status: 201 });
  };
  return { reply, release: () => act(async () => release()) };
}

type Contact = Parameters<typeof ReactEntry.useIdentify>[0];

/** Shows what useIdentify returns: `status`, or `error code`. */
function Probe({ contact, force, id = 'status' }: { contact: Contact; force?: boolean; id?: string }) {
  const { status, error } = entry.useIdentify(contact, { force });
  return <output data-testid={id}>{error ? `${status} ${error.code}` : status}</output>;
}

const status = (id = 'status') => screen.getByTestId(id).textContent;
/** Waits until the status reads `text` (the identify settles in a later task). */
const settled = (text: string, id = 'status') => screen.findByText(text, { selector: `[data-testid=${id}]` });

// A fresh SDK per test (no identity, no dedupe memory, no pending delivery), one attempt per identify.
beforeEach(async () => {
  localStorage.clear();
  vi.resetModules();
  sdk = await import('../index.js');
  entry = await import('./index.js');
  sdk.init({ attempts: 1 });
  resets = 0;
  sdk.on('reset', () => resets++);
  consoleCalls = [];
  for (const level of ['error', 'warn'] as const) vi.spyOn(console, level).mockImplementation((...args) => void consoleCalls.push([level, ...args]));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  // No React warning (act, keys, updates on unmounted components) and no error logged, in any test.
  expect(consoleCalls).toEqual([]);
});

describe('useIdentify: a contact', () => {
  it('identifies it once: pending, then created; the SDK holds it', async () => {
    const sent = fakeFetch(upsert());
    render(<Probe contact={ada} />);
    expect(status()).toBe('pending');
    await settled('created');
    expect(sent.map((s) => s.body)).toEqual([ada]);
    expect(sdk.getIdentity()).toEqual(ada);
  });

  it('sends nothing new for a new object with the same content, in any key order', async () => {
    const sent = fakeFetch(upsert());
    const { rerender } = render(<Probe contact={{ ...ada, createdAt: new Date('2024-01-15T10:30:00Z') }} />);
    await settled('created');
    rerender(<Probe contact={{ createdAt: new Date('2024-01-15T10:30:00Z'), name: 'Ada', email: 'ada@example.com', userId: 'u_ada' }} />);
    rerender(<Probe contact={{ ...ada, createdAt: '2024-01-15T10:30:00.000Z' }} />);
    expect(status()).toBe('created');
    expect(sent).toHaveLength(1);
  });

  it('identifies again when the content changes: updated', async () => {
    const sent = fakeFetch(upsert());
    const { rerender } = render(<Probe contact={ada} />);
    await settled('created');
    rerender(<Probe contact={{ ...ada, name: 'Ada Lovelace' }} />);
    expect(status()).toBe('pending');
    await settled('updated');
    expect(sent.map((s) => (s.body as { name: string }).name)).toEqual(['Ada', 'Ada Lovelace']);
  });

  it('switching users while one is in flight: only the newer outcome shows', async () => {
    const slow = held();
    const sent = fakeFetch(slow.reply, upsert());
    const { rerender } = render(<Probe contact={ada} />);
    rerender(<Probe contact={bob} />);
    expect(status()).toBe('pending');
    // Requests never overlap: bob's waits for ada's, whose outcome is then dropped.
    await slow.release();
    await settled('created');
    expect(sent.map((s) => (s.body as { userId: string }).userId)).toEqual(['u_ada', 'u_bob']);
    expect(sdk.getIdentity()).toEqual(bob);
  });

  it('shows unchanged for a contact delivered recently (nothing sent), and sends it with force', async () => {
    const sent = fakeFetch(upsert());
    await sdk.identify(ada);
    render(<Probe contact={ada} />);
    await settled('unchanged');
    render(<Probe contact={ada} force id="forced" />);
    await settled('updated', 'forced');
    expect(sent).toHaveLength(2);
  });

  it('shows superseded when another identify replaced it before its outcome counted', async () => {
    const slow = held();
    fakeFetch(slow.reply, upsert());
    render(<Probe contact={ada} />);
    await act(async () => void sdk.identify(bob));
    await settled('superseded');
    await slow.release();
  });

  it('shows the error: invalid_contact (nothing sent), then identifies the fixed contact', async () => {
    const sent = fakeFetch(upsert());
    const { rerender } = render(<Probe contact={{ userId: '' }} />);
    await settled('error invalid_contact');
    expect(sent).toHaveLength(0);
    rerender(<Probe contact={{ userId: 'u_ada' }} />);
    await settled('created');
  });

  it("shows the endpoint's refusal as the error, with its status and Featurebase's code", async () => {
    fakeFetch(Response.json({ error: { code: 'identity_mismatch', message: 'not you', param: 'email' } }, { status: 403 }));
    let state: ReturnType<typeof ReactEntry.useIdentify> | undefined;
    function Reader() {
      state = entry.useIdentify(ada);
      return null;
    }
    render(<Reader />);
    await vi.waitFor(() => expect(state?.status).toBe('error'));
    expect(state!.error).toMatchObject({ name: 'FeaturebaseError', code: 'http', status: 403, upstreamCode: 'identity_mismatch', param: 'email' });
  });
});

describe('useIdentify: null (signed out)', () => {
  it('after a contact: reset(), here and for other tabs; status idle', async () => {
    const sent = fakeFetch(upsert());
    const { rerender } = render(<Probe contact={ada} />);
    await settled('created');
    rerender(<Probe contact={null} />);
    expect(status()).toBe('idle');
    expect(resets).toBe(1);
    expect(sdk.getIdentity()).toBeNull();
    expect(stored('last')).toBeNull();
    // The key other tabs listen to (storage event).
    expect(stored('reset')).not.toBeNull();
    expect(sent).toHaveLength(1);
  });

  it('while the identify is in flight: reset() supersedes it, and its late outcome shows nowhere', async () => {
    const slow = held();
    fakeFetch(slow.reply);
    const { rerender } = render(<Probe contact={ada} />);
    rerender(<Probe contact={null} />);
    expect(resets).toBe(1);
    await slow.release();
    expect(status()).toBe('idle');
    expect(sdk.getIdentity()).toBeNull();
  });

  it('from the start: nothing at all (no request, no reset, nothing stored)', async () => {
    const sent = fakeFetch(upsert());
    render(<Probe contact={null} />);
    expect(status()).toBe('idle');
    await act(() => new Promise((resolve) => setTimeout(resolve)));
    expect(resets).toBe(0);
    expect(sent).toHaveLength(0);
    expect(localStorage.length).toBe(0);
  });

  it('from the start with an identity kept from an earlier page (a sign-out that reloaded): reset()', async () => {
    localStorage.setItem('featurebase-identify:last', JSON.stringify({ body: JSON.stringify(ada), at: Date.now() }));
    expect(sdk.getIdentity()).toEqual(ada);
    render(<Probe contact={null} />);
    expect(resets).toBe(1);
    expect(sdk.getIdentity()).toBeNull();
  });

  it('from the start with a delivery an earlier page left pending: reset(), and it is never sent', async () => {
    const sent = fakeFetch(upsert());
    localStorage.setItem('featurebase-identify:pending', JSON.stringify({ body: JSON.stringify(ada), id: '1' }));
    // A new page load: the SDK takes the pending delivery when it loads.
    vi.resetModules();
    sdk = await import('../index.js');
    entry = await import('./index.js');
    sdk.on('reset', () => resets++);
    render(<Probe contact={null} />);
    expect(resets).toBe(1);
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(sent).toHaveLength(0);
    expect(stored('pending')).toBeNull();
  });

  it('signing in again after signing out identifies again, even the same user', async () => {
    const sent = fakeFetch(upsert());
    const { rerender } = render(<Probe contact={ada} />);
    await settled('created');
    rerender(<Probe contact={null} />);
    rerender(<Probe contact={{ ...ada }} />);
    await settled('updated');
    expect(sent).toHaveLength(2);
  });
});

describe('useIdentify: undefined (auth loading)', () => {
  it('from the start: nothing until the contact is known', async () => {
    const sent = fakeFetch(upsert());
    const { rerender } = render(<Probe contact={undefined} />);
    expect(status()).toBe('idle');
    expect(sent).toHaveLength(0);
    rerender(<Probe contact={ada} />);
    await settled('created');
    expect(sent).toHaveLength(1);
  });

  it('after a contact: no reset, the status and identity stand, and the same contact back sends nothing', async () => {
    const sent = fakeFetch(upsert());
    const { rerender } = render(<Probe contact={ada} />);
    await settled('created');
    rerender(<Probe contact={undefined} />);
    expect(status()).toBe('created');
    expect(resets).toBe(0);
    expect(sdk.getIdentity()).toEqual(ada);
    rerender(<Probe contact={{ ...ada }} />);
    expect(status()).toBe('created');
    expect(sent).toHaveLength(1);
  });

  it('while the identify is in flight: its outcome still shows', async () => {
    const slow = held();
    fakeFetch(slow.reply);
    const { rerender } = render(<Probe contact={ada} />);
    rerender(<Probe contact={undefined} />);
    await slow.release();
    await settled('created');
  });

  it('then null: the user signed out, reset()', async () => {
    fakeFetch(upsert());
    const { rerender } = render(<Probe contact={ada} />);
    await settled('created');
    rerender(<Probe contact={undefined} />);
    rerender(<Probe contact={null} />);
    expect(resets).toBe(1);
    expect(status()).toBe('idle');
  });
});

describe('useIdentify: React', () => {
  it('StrictMode: the double effects cost one request', async () => {
    const sent = fakeFetch(upsert());
    render(
      <StrictMode>
        <Probe contact={ada} />
      </StrictMode>,
    );
    await settled('created');
    expect(sent).toHaveLength(1);
  });

  it('StrictMode with force: still one request', async () => {
    const sent = fakeFetch(upsert());
    render(
      <StrictMode>
        <Probe contact={ada} force />
      </StrictMode>,
    );
    await settled('created');
    expect(sent).toHaveLength(1);
  });

  it('StrictMode, signed out with a kept identity: one reset', async () => {
    localStorage.setItem('featurebase-identify:last', JSON.stringify({ body: JSON.stringify(ada), at: Date.now() }));
    render(
      <StrictMode>
        <Probe contact={null} />
      </StrictMode>,
    );
    expect(resets).toBe(1);
  });

  it('two components identifying the same contact at once: the core joins them, one request', async () => {
    const sent = fakeFetch(upsert());
    render(
      <>
        <Probe contact={ada} id="a" />
        <Probe contact={{ ...ada }} id="b" />
      </>,
    );
    await settled('created', 'a');
    await settled('created', 'b');
    expect(sent).toHaveLength(1);
  });

  it('unmounted mid-flight: the request completes, no warning, nothing shows', async () => {
    const slow = held();
    const sent = fakeFetch(slow.reply);
    const { unmount, container } = render(<Probe contact={ada} />);
    unmount();
    await slow.release();
    await act(() => new Promise((resolve) => setTimeout(resolve)));
    expect(container.innerHTML).toBe('');
    expect(sent).toHaveLength(1);
    expect(sdk.getIdentity()).toEqual(ada);
  });
});

describe('<Identify>', () => {
  it('renders nothing and does what the hook does: identify, no repeat for equal content, reset on null', async () => {
    const sent = fakeFetch(upsert());
    const identified = vi.fn();
    sdk.on('identify', identified);
    const { container, rerender } = render(<entry.Identify contact={ada} />);
    expect(container.innerHTML).toBe('');
    await vi.waitFor(() => expect(identified).toHaveBeenCalledWith(expect.objectContaining({ status: 'created' })));
    rerender(<entry.Identify contact={{ ...ada }} />);
    rerender(<entry.Identify contact={undefined} />);
    expect(sent).toHaveLength(1);
    expect(resets).toBe(0);
    rerender(<entry.Identify contact={null} />);
    expect(resets).toBe(1);
    expect(container.innerHTML).toBe('');
  });

  it('passes force on', async () => {
    const sent = fakeFetch(upsert());
    await sdk.identify(ada);
    render(<entry.Identify contact={ada} force />);
    expect(sent).toHaveLength(2);
  });
});
