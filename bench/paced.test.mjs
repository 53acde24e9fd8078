// @vitest-environment node
import { once } from 'node:events';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from './paced.mjs';

/** @param {import('node:http').Server} server @returns {number} the port it listens on */
const port = (server) => /** @type {import('node:net').AddressInfo} */ (server.address()).port;

describe('pacedLoad', () => {
  /** @type {import('node:http').Server | undefined} */
  let server;
  afterEach(() => server?.close());

  it('sends rate × seconds requests with their own body and headers, and counts 2xx, 429 and the rest apart', async () => {
    /** @type {{ body: string, key: unknown }[]} */
    const received = [];
    // 201, 429, 500, 201, 429, 500...
    const listening = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, key: req.headers['idempotency-key'] });
        res.writeHead([201, 429, 500][(received.length - 1) % 3]).end();
      });
    }).listen(0, '127.0.0.1');
    server = listening;
    await once(listening, 'listening');
    const url = `http://127.0.0.1:${port(listening)}/`;

    const result = await pacedLoad(url, { rate: 300, seconds: 0.1, body: (/** @type {number} */ i) => `{"n":${i}}`, headers: (/** @type {number} */ i) => ({ 'idempotency-key': `k${i}` }) });

    expect(received.map((r) => r.body).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `{"n":${i}}`).sort());
    expect(received.every((r) => r.key == `k${JSON.parse(r.body).n}`)).toBe(true);
    expect(result).toMatchObject({ count: 30, limited: 10, bad: 10 });
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
  });

  it('counts a request whose connection fails as bad, and still ends', async () => {
    const listening = (server = createServer((req) => req.socket.destroy()).listen(0, '127.0.0.1'));
    await once(listening, 'listening');
    const result = await pacedLoad(`http://127.0.0.1:${port(listening)}/`, { rate: 100, seconds: 0.05, body: () => '{}', headers: () => ({}) });
    expect(result).toMatchObject({ count: 0, limited: 0, bad: 5 });
  });
});
