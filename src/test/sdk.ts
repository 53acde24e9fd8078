import { vi } from 'vitest';
import type * as Sdk from '../index.js';
import type { Sent } from './fake-fetch.js';
import { stubStorage, type StorageMode } from './storage.js';

// The window listeners of the page loaded last: a new page starts without them.
let listeners: Parameters<typeof addEventListener>[] = [];

/**
 * Loads an entry afresh, as the next page of the same origin would: the previous page's window
 * listeners are gone, module state is new, storage is kept. Its resume runs on the next timer
 * tick (with fake timers: advance them by 0).
 * @param load - imports the entry
 */
export async function loadPage<T>(load: () => Promise<T>): Promise<T> {
  for (const [type, listener] of listeners) removeEventListener(type, listener);
  vi.resetModules();
  const add = vi.spyOn(globalThis, 'addEventListener');
  try {
    return await load();
  } finally {
    listeners = add.mock.calls as typeof listeners;
    add.mockRestore();
  }
}

/** Loads the ESM entry as the next page: see {@link loadPage}. */
export const newPage = (): Promise<typeof Sdk> => loadPage(() => import('../index.js'));

/**
 * For a beforeEach: fake timers and Date, a stand-in localStorage, and a first page of the SDK.
 * @returns the SDK, the stored items and the storage's mode
 */
export async function openPage(): Promise<{ sdk: typeof Sdk; items: Map<string, string>; mode: StorageMode }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const storage = stubStorage();
  return { ...storage, sdk: await newPage() };
}

/** For an afterEach: undoes {@link openPage} and every spy. */
export function closePage(): void {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
}

export const ada = { userId: 'u_ada', email: 'ada@example.com' };
export const bob = { userId: 'u_bob', email: 'bob@example.com' };

/** A reply of the endpoint: `code` with Featurebase's error shape, and optional headers. */
export const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { code: 'e' + code, message: 'status ' + code } }), { status: code, headers });

/** A reply of the endpoint: 201 with the contact sent. */
export const ok = (sent: Sent) => Response.json({ object: 'contact', id: 'a'.repeat(24), ...(sent.body as object) }, { status: 201 });

/** A reply that never comes. */
export const never = () => new Promise<Response>(() => {});

/** Sets navigator.onLine; going online fires `online`, as browsers do. */
export const setOnline = (online: boolean) => {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
  if (online) window.dispatchEvent(new Event('online'));
};

/** Sets document.hidden and fires `visibilitychange` at the document, as browsers do. */
export const setHidden = (hidden: boolean) => {
  vi.spyOn(document, 'hidden', 'get').mockReturnValue(hidden);
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
};

/** The userIds of what reached the endpoint, in order. */
export const userIds = (sent: Sent[]) => sent.map((s) => (s.body as { userId?: string }).userId);
