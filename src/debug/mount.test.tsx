import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../test/fake-fetch.js';

// Each test loads the modules afresh: mount.ts keeps one panel per page.
beforeEach(() => {
  vi.resetModules();
  localStorage.clear();
});
afterEach(() => {
  document.querySelectorAll('featurebase-debug').forEach((host) => host.remove());
  delete window.Featurebase;
  delete window.FeaturebaseDebug;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const host = () => document.querySelector('featurebase-debug');
const shadowText = () => host()?.shadowRoot?.textContent ?? '';

describe('featurebase-identify/debug (ESM)', () => {
  it('mountDebugPanel() shows the panel in a shadow root with an adopted stylesheet, once', async () => {
    const { mountDebugPanel } = await import('./index.js');
    const unmount = mountDebugPanel();
    expect(mountDebugPanel()).toBe(unmount);
    expect(document.querySelectorAll('featurebase-debug')).toHaveLength(1);
    const root = host()!.shadowRoot!;
    expect(root.adoptedStyleSheets).toHaveLength(1);
    expect(root.adoptedStyleSheets[0].cssRules.length).toBeGreaterThan(10);
    expect(root.querySelector('[style]')).toBeNull();
    expect(root.querySelector('style')).toBeNull();
    unmount();
    expect(host()).toBeNull();
  });

  it('falls back to a <style> element where there are no constructable stylesheets (Safari < 16.4)', async () => {
    vi.stubGlobal(
      'CSSStyleSheet',
      class {
        constructor() {
          throw new TypeError('Illegal constructor');
        }
      },
    );
    const { mountDebugPanel } = await import('./index.js');
    mountDebugPanel();
    const root = host()!.shadowRoot!;
    expect(root.querySelector('style')!.textContent).toContain('.panel {');
    expect(shadowText()).toContain('Nobody identified');
  });

  it('shows what the real SDK does, and debug(false) removes it', async () => {
    fakeFetch();
    const sdk = await import('../index.js');
    const { debug } = await import('./index.js');
    debug(true);
    expect(shadowText()).toContain('Nobody identified');
    await sdk.identify({ userId: 'u_ada', email: 'ada@example.com', name: 'Ada' });
    await vi.waitFor(() => expect(shadowText()).toContain('created'));
    expect(shadowText()).toContain('ada@example.com');
    debug(false);
    expect(host()).toBeNull();
    debug(true);
    expect(shadowText()).toContain('Ada');
  });
});

describe('featurebase-debug.js (script tag)', () => {
  it('mounts against window.Featurebase and exposes FeaturebaseDebug', async () => {
    fakeFetch();
    await import('../global.js');
    await import('./script.js');
    expect(shadowText()).toContain('Nobody identified');
    await window.Featurebase!.identify({ userId: 'u_bob' });
    await vi.waitFor(() => expect(shadowText()).toContain('u_bob'));
    window.FeaturebaseDebug!.unmount();
    expect(host()).toBeNull();
    window.FeaturebaseDebug!.mount();
    expect(shadowText()).toContain('u_bob');
  });

  it('says what is missing when the core is not loaded', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await import('./script.js');
    expect(host()).toBeNull();
    expect(error.mock.calls[0][0]).toContain('[featurebase] featurebase-debug.js needs featurebase.umd.js');
  });

  it('waits for the body when loaded from the head before it exists', async () => {
    const body = document.body;
    body.remove();
    await import('../global.js');
    await import('./script.js');
    expect(host()).toBeNull();
    document.documentElement.appendChild(body);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(host()).not.toBeNull();
  });
});
