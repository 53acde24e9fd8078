import { describe, expect, it, vi } from 'vitest';

describe('isFeaturebaseError', () => {
  it('tells a FeaturebaseError from another copy of the SDK (another bundle), and nothing else', async () => {
    const ours = await import('./errors.js');
    vi.resetModules();
    const theirs = await import('./errors.js');
    expect(theirs.FeaturebaseError).not.toBe(ours.FeaturebaseError);
    const error = new theirs.FeaturebaseError('network', 'down');
    expect(ours.isFeaturebaseError(error)).toBe(true);
    expect(ours.isFeaturebaseError(new ours.FeaturebaseError('http', 'no'))).toBe(true);
    expect([new Error('x'), new TypeError('x'), { name: 'FeaturebaseError', code: 'http' }, null, 'FeaturebaseError'].map(ours.isFeaturebaseError)).toEqual([false, false, false, false, false]);
  });
});
