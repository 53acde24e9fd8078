import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactOutput } from '../contact.js';
import { init } from '../config.js';
import { FeaturebaseError } from '../errors.js';
import type { FeaturebaseEvents } from '../events.js';
import { Panel } from './panel.js';
import type { DebugApi } from './types.js';

/** A stand-in for the SDK whose events the test fires; `init` answers the real defaults, with `settings` over them. */
function fakeSdk(identity: ContactOutput | null = null, settings: object = {}) {
  const listeners: Record<string, Set<(data: any) => void>> = {};
  const api = {
    on: ((event: string, fn: (data: any) => void) => {
      (listeners[event] ||= new Set()).add(fn);
      return () => listeners[event].delete(fn);
    }) as DebugApi['on'],
    getIdentity: vi.fn(() => identity),
    identify: vi.fn(() => Promise.reject(new FeaturebaseError('network', 'down'))),
    reset: vi.fn(() => {
      identity = null;
    }),
    init: vi.fn(() => ({ ...init({}), ...settings })),
  };
  return {
    api,
    listeners,
    setIdentity: (contact: ContactOutput | null) => (identity = contact),
    emit: <E extends keyof FeaturebaseEvents>(event: E, data: FeaturebaseEvents[E]) => act(() => listeners[event]?.forEach((fn) => fn(data))),
  };
}

let container: HTMLElement;
const mount = (api: DebugApi) => act(() => render(<Panel api={api} />, container));
const text = () => container.textContent!;
const button = (name: string) => [...container.querySelectorAll('button')].find((b) => b.textContent === name)!;
const click = (name: string) => act(() => button(name).click());
const ada: ContactOutput = { userId: 'u_ada', email: 'ada@example.com', name: 'Ada Lovelace', companies: [{ id: 'c1', name: 'Analytical Engines' }] };

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
  vi.unstubAllGlobals();
});

describe('the identity', () => {
  it('shows name, email, userId and companies, and the endpoint in use', () => {
    mount(fakeSdk(ada, { endpoint: '/auth/fb' }).api);
    expect(text()).toContain('Ada Lovelace');
    expect(text()).toContain('ada@example.com');
    expect(text()).toContain('userId u_ada');
    expect(text()).toContain('Analytical Engines');
    expect(text()).toContain('/auth/fb');
  });

  it('shows the default endpoint when init set none, and says when nobody is identified', () => {
    mount(fakeSdk().api);
    expect(text()).toContain('Nobody identified');
    expect(text()).toContain('/api/featurebase/identify');
    expect(button('Resend').disabled).toBe(true);
    expect(button('Copy JSON').disabled).toBe(true);
  });

  it('loads the avatar from an https URL only', () => {
    mount(fakeSdk({ ...ada, profilePicture: 'https://cdn.example/ada.png' }).api);
    expect(container.querySelector('img')!.getAttribute('src')).toBe('https://cdn.example/ada.png');
    render(null, container);
    mount(fakeSdk({ ...ada, profilePicture: 'javascript:alert(1)' }).api);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.avatar')!.textContent).toBe('A');
  });

  it('renders a hostile name as text', () => {
    const name = '<img src=x onerror=alert(1)>';
    mount(fakeSdk({ userId: 'u1', name }).api);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.name')!.textContent).toBe(name);
  });
});

describe('the log', () => {
  it('shows created and updated calls with who, and the last rate-limit headroom', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    expect(text()).toContain('No calls yet');
    const headers = new Headers({ 'X-RateLimit-Remaining': '57', 'X-RateLimit-Limit': '60' });
    sdk.emit('identify', { status: 'created', contact: { object: 'contact', id: 'f', email: 'ada@example.com' }, headers });
    sdk.emit('identify', { status: 'updated', contact: { object: 'contact', id: 'f', userId: 'u_ada' }, headers: new Headers() });
    const items = [...container.querySelectorAll('.log li')].map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('updated');
    expect(items[0]).toContain('u_ada');
    expect(items[1]).toContain('created');
    expect(items[1]).toContain('ada@example.com');
    expect(text()).toContain('57 of 60 requests left');
  });

  it('explains why a call was deduped, with the dedupe window in force', () => {
    const sdk = fakeSdk(ada, { dedupeMs: 5 * 60e3 });
    mount(sdk.api);
    sdk.emit('identify', { status: 'unchanged' });
    expect(text()).toContain('unchanged');
    expect(text()).toContain('the same contact was delivered within the last 5 min (dedupe)');
  });

  it('shows a superseded call', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    sdk.emit('identify', { status: 'superseded' });
    expect(text()).toContain('dropped: a newer identify or a reset replaced it');
  });

  it('shows an error with its code, field and status', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    const invalid = new FeaturebaseError('invalid_contact', 'profilePicture: Expected an absolute http(s) URL', {
      param: 'profilePicture',
      issues: [{ path: 'profilePicture', message: 'Expected an absolute http(s) URL' }],
    });
    sdk.emit('error', invalid);
    sdk.emit('error', new FeaturebaseError('http', 'Email is invalid', { status: 400, upstreamCode: 'invalid_parameter', param: 'email' }));
    const [http, validation] = [...container.querySelectorAll('.log li')].map((li) => li.textContent);
    expect(validation).toContain('error invalid_contact');
    expect(validation).toContain('field profilePicture · Expected an absolute http(s) URL');
    expect(validation).not.toContain('[featurebase]');
    expect(http).toContain('error http');
    expect(http).toContain('field email · HTTP 400 · invalid_parameter · Email is invalid');
  });

  it('names every invalid field of a contact', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    const issues = [
      { path: 'email', message: 'Expected an email address' },
      { path: 'companies[0].name', message: 'Must not be blank' },
    ];
    sdk.emit('error', new FeaturebaseError('invalid_contact', 'two issues', { issues, param: 'email' }));
    expect(container.querySelector('.log li')!.textContent).toContain('field email · Expected an email address; companies[0].name: Must not be blank');
  });

  it('keeps the 20 most recent calls', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    for (let i = 0; i < 25; i++) sdk.emit('identify', { status: 'unchanged' });
    expect(container.querySelectorAll('.log li')).toHaveLength(20);
  });
});

describe('the state', () => {
  it('shows sending, retrying with the next attempt time, offline, restored, and back to idle', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    const state = () => container.querySelector('dd')!.textContent;
    expect(state()).toBe('idle');
    sdk.emit('state', { state: 'sending', attempt: 1 });
    expect(state()).toBe('sending');
    expect(container.querySelector('.badge')!.textContent).toBe('sending');
    const retryAt = Date.now() + 4000;
    sdk.emit('state', { state: 'retrying', attempt: 1, retryAt });
    expect(state()).toBe(`retrying: next attempt at ${new Date(retryAt).toLocaleTimeString()}`);
    sdk.emit('state', { state: 'sending', attempt: 2 });
    expect(state()).toBe('sending (attempt 2)');
    sdk.emit('state', { state: 'offline', attempt: 0, restored: true });
    expect(state()).toBe('offline: waiting for the network, pending from a previous page');
    sdk.emit('state', { state: 'idle', restored: true });
    expect(state()).toBe('idle');
  });

  it('reads the identity again when a delivery starts', () => {
    const sdk = fakeSdk(null);
    mount(sdk.api);
    sdk.setIdentity(ada);
    sdk.emit('state', { state: 'sending', attempt: 1 });
    expect(text()).toContain('Ada Lovelace');
  });
});

describe('the actions', () => {
  it('Resend sends the current identity with force, and its failure does not escape', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    click('Resend');
    expect(sdk.api.identify).toHaveBeenCalledWith(ada, { force: true });
  });

  it('Reset calls reset; the reset event clears the identity and is logged', () => {
    const sdk = fakeSdk(ada);
    mount(sdk.api);
    click('Reset');
    expect(sdk.api.reset).toHaveBeenCalledOnce();
    sdk.emit('reset', undefined);
    expect(text()).toContain('Nobody identified');
    expect(container.querySelector('.log li')!.textContent).toContain('reset');
  });

  it('Copy JSON writes the identity to the clipboard and says so', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    mount(fakeSdk(ada).api);
    await act(async () => button('Copy JSON').click());
    expect(JSON.parse((writeText.mock.calls[0] as unknown as [string])[0])).toEqual(ada);
    await vi.waitFor(() => expect(container.querySelector('[role=status]')!.textContent).toBe('Identity copied as JSON'));
  });

  it('Copy JSON reports a missing clipboard instead of throwing', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    mount(fakeSdk(ada).api);
    await act(async () => button('Copy JSON').click());
    await vi.waitFor(() => expect(container.querySelector('[role=status]')!.textContent).toContain('Copy failed'));
  });

  it('Collapse hides the body and Expand brings it back, with aria-expanded', () => {
    mount(fakeSdk(ada).api);
    expect(button('Collapse').getAttribute('aria-expanded')).toBe('true');
    click('Collapse');
    expect(text()).not.toContain('Ada Lovelace');
    expect(button('Expand').getAttribute('aria-expanded')).toBe('false');
    click('Expand');
    expect(text()).toContain('Ada Lovelace');
  });

  it('every button has a name and is a real button', () => {
    mount(fakeSdk(ada).api);
    for (const b of container.querySelectorAll('button')) {
      expect(b.textContent!.trim()).not.toBe('');
      expect(b.getAttribute('type')).toBe('button');
    }
  });
});

it('stops listening when unmounted', () => {
  const sdk = fakeSdk(ada);
  mount(sdk.api);
  expect(Object.values(sdk.listeners).map((set) => set.size)).toEqual([1, 1, 1, 1]);
  act(() => render(null, container));
  expect(Object.values(sdk.listeners).map((set) => set.size)).toEqual([0, 0, 0, 0]);
});
