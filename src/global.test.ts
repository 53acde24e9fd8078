import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from './test/fake-fetch.js';

const stubSource = readFileSync('src/snippet.js', 'utf8');
const runStub = () => new Function(stubSource)();
const load = async () => {
  localStorage.clear();
  vi.resetModules();
  await import('./global.js');
};
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));
const fb = () => window.Featurebase as any;

beforeEach(() => {
  delete window.Featurebase;
});
afterEach(() => vi.unstubAllGlobals());

describe('the stub', () => {
  it('queues Featurebase(...) and Featurebase.identify(...) as the same command, keeping arguments', () => {
    runStub();
    const cb = () => {};
    fb()('identify', { userId: 'a' }, cb);
    fb().identify({ userId: 'b' }, cb);
    expect(fb().q.map((args: IArguments) => [...args])).toEqual([
      ['identify', { userId: 'a' }, cb],
      ['identify', { userId: 'b' }, cb],
    ]);
  });

  it('running it twice keeps the queue', () => {
    runStub();
    fb().identify({ userId: 'a' });
    runStub();
    expect(fb().q).toHaveLength(1);
  });
});

describe('loading the bundle', () => {
  it('replays the queue in call order with callbacks, then serves calls directly', async () => {
    const sent = fakeFetch();
    runStub();
    const calls: unknown[] = [];
    fb()('init', { endpoint: '/custom/identify' });
    fb().identify({ userId: 'first' }, (error: unknown, result: any) => calls.push(['first', error, result?.status]));
    fb()('identify', { userId: 'bad', nickname: 'x' }, (error: any) => calls.push(['bad', error.code, error.param]));
    fb()('identify', { userId: 'second' }, (error: unknown, result: any) => calls.push(['second', error, result?.status]));
    await load();
    await flush();
    await fb().identify({ userId: 'after' });
    await fb()('identify', { userId: 'after-call' });
    await flush();
    expect(sent.map((s) => [s.url, (s.body as any).userId])).toEqual([
      ['/custom/identify', 'first'],
      ['/custom/identify', 'second'],
      ['/custom/identify', 'after'],
      ['/custom/identify', 'after-call'],
    ]);
    // Both queued identifies are sent in order; the second supersedes the first, which was in flight.
    expect(calls).toHaveLength(3);
    expect(calls).toEqual(
      expect.arrayContaining([
        ['first', null, 'superseded'],
        ['bad', 'invalid_contact', 'nickname'],
        ['second', null, 'created'],
      ]),
    );
  });

  it('works on a page without the stub', async () => {
    const sent = fakeFetch();
    await load();
    await expect(fb().identify({ email: 'a@b.co' })).resolves.toMatchObject({ status: 'created' });
    expect(sent).toHaveLength(1);
  });

  it('loaded twice, keeps the first instance: nothing is sent twice or lost', async () => {
    const sent = fakeFetch();
    runStub();
    fb().identify({ userId: 'queued' });
    await load();
    const first = fb();
    first.init({ endpoint: '/kept' });
    await load();
    expect(fb()).toBe(first);
    await fb().identify({ userId: 'later' });
    await flush();
    expect(sent.map((s) => [s.url, (s.body as any).userId])).toEqual([
      ['/api/featurebase/identify', 'queued'],
      ['/kept', 'later'],
    ]);
  });

  it('forwards calls made through a stale reference to the stub', async () => {
    const sent = fakeFetch();
    runStub();
    const stale = fb();
    await load();
    stale.identify({ userId: 'via-stale' });
    stale('identify', { userId: 'via-stale-call' });
    await flush();
    expect(sent.map((s) => (s.body as any).userId)).toEqual(['via-stale', 'via-stale-call']);
  });

  it('rejects an unknown command with a clear code instead of throwing', async () => {
    fakeFetch();
    await load();
    let result: Promise<unknown> | undefined;
    expect(() => (result = fb()('track', 'signup'))).not.toThrow();
    await expect(result).rejects.toMatchObject({ code: 'unknown_command' });
    await expect(fb()('constructor')).rejects.toMatchObject({ code: 'unknown_command' });
  });
});
