/** @jsxImportSource react */
// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

describe('featurebase-identify/react during server-side rendering', () => {
  it('imports and renders without window or document; no request, no reset, no error', async () => {
    expect(typeof window).toBe('undefined');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const errors = vi.spyOn(console, 'error');
    const { Identify, useIdentify } = await import('./index.js');
    const { on } = await import('../index.js');
    const resets = vi.fn();
    on('reset', resets);
    function Status({ contact }: { contact: Parameters<typeof useIdentify>[0] }) {
      return <output>{useIdentify(contact).status}</output>;
    }
    const html = renderToString(
      <>
        <Status contact={{ userId: 'u_ada', email: 'ada@example.com' }} />
        <Status contact={null} />
        <Status contact={undefined} />
        <Identify contact={{ userId: 'u_ada' }} />
        <Identify contact={null} />
      </>,
    );
    // A contact is pending from the first render on, on the server as in the browser: no hydration mismatch.
    expect(html).toBe('<output>pending</output><output>idle</output><output>idle</output>');
    expect(fetch).not.toHaveBeenCalled();
    expect(resets).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
});
