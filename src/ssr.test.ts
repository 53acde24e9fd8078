// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';

describe('server-side rendering', () => {
  it('imports without window or document, and identify rejects with a clear code', async () => {
    expect(typeof window).toBe('undefined');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const sdk = await import('./index.js');
    const callback = vi.fn();
    const error = await sdk.identify({ userId: 'u' }, callback).catch((e) => e);
    expect(sdk.isFeaturebaseError(error)).toBe(true);
    expect(error.code).toBe('unsupported_environment');
    expect(callback).toHaveBeenCalledWith(error);
    expect(fetch).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
