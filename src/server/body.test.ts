// @vitest-environment node
// The Fetch handler's body reading under abuse (the node adapters' are in node.test.ts).
import { describe, expect, test } from 'vitest';
import { identifyRequest, useEmulator } from './test-kit.js';

const setup = useEmulator();
const { call, handler } = setup;
const forwarded = () => setup.emulator.requests;

describe('a body that is slow or cut off', () => {
  test('a body that does not arrive within bodyTimeoutMs gets 408 body_timeout, and its stream is cancelled', async () => {
    let cancelled = false;
    const stalled = new ReadableStream({ pull: () => new Promise(() => {}), cancel: () => void (cancelled = true) });
    const { status, body } = await call(handler({ bodyTimeoutMs: 100 }), identifyRequest(stalled));
    expect([status, body.error.code, body.error.type]).toEqual([408, 'body_timeout', 'invalid_request_error']);
    expect(cancelled).toBe(true);
    expect(forwarded()).toEqual([]);
  });

  test('a body stream that breaks (the client went away) is 400 body_incomplete, not an app error', async () => {
    const broken = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":'));
        controller.error(new Error('aborted'));
      },
    });
    const { status, body } = await call(handler(), identifyRequest(broken));
    expect([status, body.error.code]).toEqual([400, 'body_incomplete']);
    expect(setup.leaks.consoleCalls.filter((line) => !line.startsWith('debug'))).toEqual([]);
    expect(forwarded()).toEqual([]);
  });
});
