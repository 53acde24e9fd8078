/** @jsxImportSource react */
// React 18+ ignores a state update on an unmounted component without a word, so this file
// watches the hook's state setters themselves: none may be called once the component is gone.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { fakeFetch, type Sent } from '../test/fake-fetch.js';
import { useIdentify } from './index.js';

const updates = vi.hoisted(() => ({ count: 0 }));

vi.mock('react', async (importOriginal) => {
  const react = await importOriginal<typeof import('react')>();
  const useState: typeof react.useState = (initial?: unknown) => {
    const [state, set] = react.useState(initial);
    return [state, (value: unknown) => (updates.count++, set(value))];
  };
  return { ...react, useState };
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Probe({ contact }: { contact: Parameters<typeof useIdentify>[0] }) {
  return <output>{useIdentify(contact).status}</output>;
}

it.each([
  ['answered', () => Response.json({ object: 'contact', id: 'a'.repeat(24) }, { status: 201 })],
  ['refused', () => Response.json({ error: { code: 'identity_mismatch', message: 'no' } }, { status: 403 })],
])('no state update after unmount: the identify in flight is %s later', async (_, answer) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sent = fakeFetch(async (_sent: Sent) => (await gate, answer()));
  const { unmount } = render(<Probe contact={{ userId: `u_${Math.random()}` }} />);
  expect(sent).toHaveLength(1);
  unmount();
  updates.count = 0;
  await act(async () => release());
  await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
  expect(updates.count).toBe(0);
});

it('the watch works: an identify settling while mounted updates the state', async () => {
  fakeFetch();
  updates.count = 0;
  render(<Probe contact={{ userId: `u_${Math.random()}` }} />);
  await vi.waitFor(() => expect(updates.count).toBeGreaterThan(0));
});
