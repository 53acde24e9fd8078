// @vitest-environment node
import { request as httpRequest, type IncomingMessage, type RequestListener } from 'node:http';
import { connect as http2Connect, createServer as createHttp2Server, type IncomingHttpHeaders } from 'node:http2';
import { connect } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createIdentifyHandler } from './handler.js';
import { createNodeHandler, toNodeHandler, type NodeRequest } from './node.js';
import type { IdentifyHandlerOptions } from './options.js';
import { KEY, rawRequest, serve, SESSION, useEmulator } from './test-kit.js';

const setup = useEmulator();
let app: { url: string; close: () => Promise<void> } | undefined;
afterEach(() => app?.close());

type Options = Partial<IdentifyHandlerOptions<NodeRequest>>;

/** Serves the node adapter, optionally behind other middleware, on loopback. */
async function start(options: Options = {}, before?: RequestListener) {
  const identify = createNodeHandler({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: () => SESSION, ...options });
  app = await serve(before ? (req, res) => before(req, Object.assign(res, { next: () => identify(req, res) })) : identify);
  return app.url + '/api/featurebase/identify';
}

/** POSTs over loopback with fetch and records the answer for the leak scan. */
async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: await setup.leaks.record(response) };
}

/**
 * Sends the head and part of a body over a raw socket, then either hangs up at once or waits for
 * the server's answer and for it to close the connection.
 */
function partialBody(url: string, hangUp: false | Promise<unknown>): Promise<{ status: number; closedByServer: boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    let closedByServer = !hangUp;
    // A bound, not a measure: a server that never closes the connection fails the test.
    const timer = setTimeout(() => ((closedByServer = false), socket.destroy()), 5000);
    socket.on('data', (chunk) => (text += chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]) || 0, closedByServer });
    });
    socket.write('POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"A');
    if (hangUp) void hangUp.then(() => socket.destroy());
  });
}

/** Sends a chunked body (no Content-Length) with node:http, part by part. */
function postChunked(url: string, parts: string[]): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection, body }));
    });
    request.on('error', reject);
    for (const part of parts) request.write(part);
    request.end();
  });
}

describe('the node:http adapter', () => {
  test('forwards like the Fetch handler, and gives resolveUser the IncomingMessage', async () => {
    const url = await start({ resolveUser: (_request, req) => (req.headers['x-user'] == 'ada' ? SESSION : null) });
    expect((await post(url, '{"name":"Ada"}')).status).toBe(401);
    const { status, body } = await post(url, '{"name":"Ada"}', { 'x-user': 'ada' });
    expect([status, body.name]).toEqual([201, 'Ada']);
    expect(setup.emulator.requests.map((request) => request.body)).toEqual([{ ...SESSION, name: 'Ada' }]);
  });

  test('answers 405 with Allow, and CORS preflights for listed origins', async () => {
    const url = await start({ allowedOrigins: ['https://www.example.com'] });
    const get = await fetch(url);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, OPTIONS']);
    setup.leaks.recordText(await get.text());
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://www.example.com', 'access-control-request-method': 'POST' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, 'https://www.example.com']);
    const foreign = await post(url, '{"name":"A"}', { origin: 'https://evil.example' });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'origin_not_allowed']);
  });

  test('an absolute-form request line cannot make a foreign Origin look same-origin', async () => {
    const url = await start();
    const body = '{"name":"A"}';
    const head = `POST http://evil.example/api HTTP/1.1\nHost: ${new URL(url).host}\nOrigin: http://evil.example\nContent-Type: application/json\nContent-Length: ${body.length}\nConnection: close`;
    const { status, text } = await rawRequest(url, head, body);
    expect(status).toBe(403);
    setup.leaks.recordText(text);
  });

  test('an honest Content-Length past the limit is 413 without waiting for the body', async () => {
    const url = await start();
    // The body never comes: a server that waited for it would not answer at all.
    const { status, text } = await rawRequest(url, 'POST /api HTTP/1.1\nHost: a\nContent-Type: application/json\nContent-Length: 1000000', '{"name":');
    expect(status).toBe(413);
    expect(text).toMatch(/connection: close/i);
    setup.leaks.recordText(text);
    expect(setup.emulator.requests).toEqual([]);
  });

  test('a chunked body past the limit is 413 while streaming, and the connection is closed', async () => {
    const url = await start({ maxBodyBytes: 2048 });
    const { status, connection, body } = await postChunked(url, Array(16).fill('x'.repeat(1024)));
    expect([status, connection, JSON.parse(body).error.code]).toEqual([413, 'close', 'body_too_large']);
    setup.leaks.recordText(body);
    expect(setup.emulator.requests).toEqual([]);
  });

  test('a chunked body within the limit is read in full', async () => {
    const url = await start();
    const { status, body } = await postChunked(url, ['{"na', 'me":', '"Ada"}']);
    expect([status, JSON.parse(body).name]).toEqual([201, 'Ada']);
    setup.leaks.recordText(body);
  });

  test('a Content-Length shorter than the body reads only what it declares, and forwards nothing', async () => {
    const url = await start();
    const { status, text } = await rawRequest(url, 'POST /api HTTP/1.1\nHost: a\nContent-Type: application/json\nContent-Length: 8', '{"name":"A","roles":["admin"]}' + ' '.repeat(30000));
    expect(status).toBe(400);
    setup.leaks.recordText(text);
    expect(setup.emulator.requests).toEqual([]);
  });
});

describe('where apps really run', () => {
  test('behind a TLS-terminating proxy (https Origin, http request, the Host kept), same-origin passes', async () => {
    const url = await start();
    const headers = { host: 'app.example.com', origin: 'https://app.example.com', 'x-forwarded-proto': 'https' };
    const { status, text } = await rawRequest(url, `POST /api/featurebase/identify HTTP/1.1\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\n')}\ncontent-type: application/json\ncontent-length: 14\nconnection: close`, '{"name":"Ada"}');
    setup.leaks.recordText(text);
    expect(status).toBe(201);
    expect(setup.emulator.requests.map((request) => request.body)).toEqual([{ ...SESSION, name: 'Ada' }]);
  });

  /**
   * Serves the node adapter over HTTP/2 (cleartext: the adapter sees the same as behind TLS) and
   * POSTs to it; fails when Node warns (it drops a Connection header with a warning, once a process).
   */
  async function postHttp2(options: Options, body: string, headers: Record<string, string> = {}, sendAll = true) {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const identify = createNodeHandler({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: () => SESSION, ...options });
    const server = createHttp2Server(identify);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const client = http2Connect(origin);
    try {
      return await new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const stream = client.request({ ':method': 'POST', ':path': '/api/featurebase/identify', origin, 'content-type': 'application/json', ...headers });
        let text = '';
        let head: IncomingHttpHeaders = {};
        stream.on('response', (received) => (head = received));
        stream.on('data', (chunk) => (text += chunk));
        stream.on('end', () => resolve({ status: Number(head[':status']), headers: head, body: text }));
        stream.on('error', reject);
        if (sendAll) stream.end(body);
        else stream.write(body);
      });
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
      process.off('warning', onWarning);
      expect(warnings, 'Node warned').toEqual([]);
    }
  }

  test('over HTTP/2 (no Host, only :authority), a same-origin request passes', async () => {
    const { status, body } = await postHttp2({}, '{"name":"Ada"}');
    setup.leaks.recordText(body);
    expect([status, JSON.parse(body).name]).toEqual([201, 'Ada']);
    expect(setup.emulator.requests.map((request) => request.body)).toEqual([{ ...SESSION, name: 'Ada' }]);
  });

  test('over HTTP/2, a foreign Origin is still refused', async () => {
    const { status, body } = await postHttp2({}, '{"name":"Ada"}', { origin: 'http://evil.example' });
    setup.leaks.recordText(body);
    expect([status, JSON.parse(body).error.code]).toEqual([403, 'origin_not_allowed']);
    expect(setup.emulator.requests).toEqual([]);
  });

  test('over HTTP/2, a body past the limit is 413 without a Connection header (HTTP/2 forbids it)', async () => {
    const { status, headers, body } = await postHttp2({ maxBodyBytes: 64 }, '{"name":"', { 'content-length': '100000' }, false);
    setup.leaks.recordText(body);
    expect([status, headers.connection, JSON.parse(body).error.code]).toEqual([413, undefined, 'body_too_large']);
    expect(setup.emulator.requests).toEqual([]);
  });
});

describe('behind Express body parsers', () => {
  /** Stands in for express.json(): reads the stream and sets req.body. */
  const parseJson: RequestListener = (req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      (req as { body?: unknown }).body = text ? JSON.parse(text) : {};
      (res as unknown as { next: () => void }).next();
    });
  };

  test('an already parsed req.body is used, and still checked', async () => {
    const url = await start({}, parseJson);
    expect((await post(url, '{"name":"Ada"}')).status).toBe(201);
    expect(setup.emulator.requests.map((request) => request.body)).toEqual([{ ...SESSION, name: 'Ada' }]);
    const forbidden = await post(url, '{"roles":["admin"]}');
    expect([forbidden.status, forbidden.body.error.param]).toEqual([403, 'roles']);
    const proto = await post(url, '{"__proto__":{"x":1},"name":"A"}');
    expect([proto.status, proto.body.error.param]).toEqual([400, '__proto__']);
  });

  test('a raw req.body (express.raw()) is used as the bytes, and held to maxBodyBytes', async () => {
    const parseRaw: RequestListener = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        (req as { body?: unknown }).body = Buffer.concat(chunks);
        (res as unknown as { next: () => void }).next();
      });
    };
    const url = await start({ maxBodyBytes: 64 }, parseRaw);
    const { status, body } = await post(url, '{"name":"Ada"}');
    expect([status, body.name]).toEqual([201, 'Ada']);
    expect((await post(url, JSON.stringify({ name: 'x'.repeat(100) }))).status).toBe(413);
    expect(setup.emulator.requests.map((request) => request.body)).toEqual([{ ...SESSION, name: 'Ada' }]);
  });

  test('an already parsed req.body is held to maxBodyBytes once serialized again', async () => {
    const url = await start({ maxBodyBytes: 64 }, parseJson);
    const { status } = await post(url, JSON.stringify({ name: 'x'.repeat(100) }));
    expect(status).toBe(413);
    expect(setup.emulator.requests).toEqual([]);
  });
});

describe('toNodeHandler around a Fetch handler', () => {
  /** Serves toNodeHandler(createIdentifyHandler(...)), which streams the body to the handler. */
  async function startFetch(options: Options = {}) {
    const handler = createIdentifyHandler<IncomingMessage>({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: () => SESSION, ...options });
    app = await serve(toNodeHandler(handler));
    return app.url + '/api/featurebase/identify';
  }

  test('forwards a body streamed in parts', async () => {
    const url = await startFetch();
    const { status, body } = await postChunked(url, ['{"na', 'me":', '"Ada"}']);
    expect([status, JSON.parse(body).name]).toEqual([201, 'Ada']);
    setup.leaks.recordText(body);
  });

  test('refuses a chunked body past the limit while streaming, and closes the connection', async () => {
    const url = await startFetch({ maxBodyBytes: 2048 });
    const { status, connection, body } = await postChunked(url, Array(16).fill('x'.repeat(1024)));
    expect([status, connection, JSON.parse(body).error.code]).toEqual([413, 'close', 'body_too_large']);
    setup.leaks.recordText(body);
    expect(setup.emulator.requests).toEqual([]);
  });
});

describe.each([
  ['createNodeHandler', (options: Options) => createNodeHandler({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: () => SESSION, ...options })],
  ['toNodeHandler', (options: Options) => toNodeHandler(createIdentifyHandler<IncomingMessage>({ apiKey: KEY, baseUrl: setup.emulator.url, resolveUser: () => SESSION, ...options }))],
])('%s under abuse', (_, create) => {
  test.each([
    ['signed-in', {}],
    ['anonymous', { resolveUser: () => null }],
  ])('200 %s clients hanging up mid-body: no error or warning logged, no stack trace, nothing forwarded', async (_, options: Options) => {
    const identify = create(options);
    let finished = 0;
    let arrived = () => {};
    app = await serve((req, res) => {
      res.on('close', () => finished++);
      identify(req, res);
      arrived();
    });
    // Each client hangs up once the handler has its request, in the middle of its body.
    for (let i = 0; i < 200; i++) await partialBody(app.url, new Promise<void>((resolve) => (arrived = resolve)));
    await vi.waitFor(() => expect(finished).toBe(200));
    const calls = setup.leaks.consoleCalls;
    expect(calls.filter((line) => !line.startsWith('debug'))).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(200);
    expect(calls.join('\n')).not.toMatch(/\n\s+at /);
    expect(setup.emulator.requests).toEqual([]);
  });

  test('a request the server itself destroys mid-body settles quietly', async () => {
    const identify = create({});
    let finished = 0;
    app = await serve((req, res) => {
      res.on('close', () => finished++);
      identify(req, res);
      // As a server-wide timeout or the app's own middleware would: no error, just gone.
      setImmediate(() => req.destroy());
    });
    await partialBody(app.url, false);
    await vi.waitFor(() => expect(finished).toBe(1));
    expect(setup.leaks.consoleCalls.filter((line) => !line.startsWith('debug'))).toEqual([]);
    expect(setup.emulator.requests).toEqual([]);
  });

  test('a body that does not arrive within bodyTimeoutMs gets 408, and the connection is closed', async () => {
    app = await serve(create({ bodyTimeoutMs: 200 }));
    const { status, closedByServer } = await partialBody(app.url, false);
    expect([status, closedByServer]).toEqual([408, true]);
    expect(setup.leaks.consoleCalls.filter((line) => !line.startsWith('debug'))).toEqual([]);
    expect(setup.emulator.requests).toEqual([]);
  });
});
