import { describe, expect, it } from 'vitest';
import { internalProps } from '../scripts/minify.mjs';
import { Company, ContactObject } from './contact.js';

// The script-tag build shortens the property names internalProps matches. A contact field or a
// public name among them would reach the endpoint, the page or localStorage under a short name.
describe('property names the script-tag build may shorten', () => {
  it('include no contact or company field', () => {
    const fields = [...Object.keys(ContactObject.entries), ...Object.keys(Company.entries)];
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.filter((field) => internalProps.test(field))).toEqual([]);
  });

  it('include no public, fetch, DOM or stored name the core uses', () => {
    const used = [
      // identify's result, events and errors
      'status', 'contact', 'headers', 'state', 'attempt', 'retryAt', 'restored', 'code', 'issues', 'path', 'message',
      'upstreamCode', 'param', 'retryAfter', 'name', 'cause',
      // the global and the debug panel's handle
      'identify', 'init', 'reset', 'getIdentity', 'on', 'debug', 'q', 'push', 'mount', 'unmount',
      // init options, localStorage, fetch, the DOM
      'endpoint', 'timeoutMs', 'attempts', 'retryWithinMs', 'dedupeMs', 'body', 'id', 'at', 'method', 'keepalive',
      'signal', 'ok', 'error', 'key', 'src', 'dataset', 'hidden', 'onLine',
    ];
    expect(used.filter((name) => internalProps.test(name))).toEqual([]);
  });
});
