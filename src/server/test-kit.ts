// Helpers for the server and emulator tests (not part of any bundle).
import { createServer, type RequestListener } from 'node:http';
import { connect } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { startEmulator, type EmulatorOptions, type StartedEmulator } from '../testing/index.js';
import { createIdentifyHandler } from './handler.js';
import type { IdentifyHandlerOptions } from './options.js';

/**
 * Serves a node:http listener on 127.0.0.1, port 0.
 * @param listener - the request listener
 * @returns its URL, and close() which also ends keep-alive connections
 */
export async function serve(listener: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Sends bytes over a raw TCP socket, for requests no HTTP client would send (a lying
 * Content-Length), and reads until the server closes or `timeoutMs` passes.
 * @param url - the server's URL
 * @param head - the request line and headers, without the blank line
 * @param body - bytes after the blank line
 * @param timeoutMs - how long to wait for the server to close
 * @returns the status and the raw response text
 */
export function rawRequest(url: string, head: string, body = '', timeoutMs = 2000): Promise<{ status: number; text: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    const done = () => {
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), text });
    };
    socket.setTimeout(timeoutMs, done);
    socket.on('data', (chunk) => (text += chunk));
    socket.on('end', done);
    socket.on('error', (error) => (text ? done() : reject(error)));
    socket.write(head.replace(/\n/g, '\r\n') + '\r\n\r\n' + body);
  });
}

/**
 * Watches everything that leaves the server (responses, console output) for strings that
 * must never appear there: the API key, the identity secret, the JWT secret, the upstream URL.
 * @param secrets - returns the strings (read late, once the emulator's URL is known)
 * @returns `record` to keep a response's status, headers and body, and `expectClean`
 */
export function watchLeaks(secrets: () => string[]) {
  const seen: string[] = [];
  const consoleCalls: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(method + ' ' + inspect(args, { depth: 10 }));
    });
  }
  return {
    /** Console output so far, one entry per call. */
    consoleCalls,
    /** Keeps a response (status, headers, body) for the scan; returns its body as JSON or text. */
    async record(response: Response): Promise<any> {
      const text = await response.text();
      seen.push(`${response.status} ${inspect([...response.headers])} ${text}`);
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    },
    /** Keeps any other text that left the server. */
    recordText: (text: string) => void seen.push(text),
    /** Fails when any secret appears in a recorded response or console call. */
    expectClean(): void {
      const all = [...seen, ...consoleCalls].join('\n');
      for (const secret of secrets()) expect(all, 'a secret leaked').not.toContain(secret);
    },
  };
}

/** The secrets of these tests: long enough that no other text contains them by chance. */
export const KEY = 'fb_sk_live_5b1c9e2d7a40f3';
export const SECRET = 'idv_secret_8e4f0a6c2d9b17';
/** The workspace's JWT secret, which signs the widgets' `featurebaseJwt`. */
export const JWT_SECRET = 'fb_jwt_secret_3c7a91e05d2b64';
export const SESSION = { userId: 'usr_ada', email: 'ada@example.com' };
export const APP_URL = 'http://app.test/api/featurebase/identify';

/**
 * Builds a request to the identify endpoint.
 * @param body - a value to send as JSON, or the raw body
 * @param init - headers (JSON content type unless replaced), method
 * @returns the request
 */
export function identifyRequest(body: unknown, init: { headers?: Record<string, string>; method?: string } = {}): Request {
  const { method = 'POST', headers } = init;
  const raw = typeof body == 'string' || body instanceof ReadableStream ? body : JSON.stringify(body);
  return new Request(APP_URL, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method == 'GET' || method == 'HEAD' ? null : raw,
    duplex: 'half',
  } as RequestInit);
}

/**
 * Starts an emulator for the file, resets it and watches for leaks around every test.
 * @param options - emulator options (the key is {@link KEY})
 * @returns the emulator, the leak watch, and `handler` / `call` to run requests
 */
export function useEmulator(options: EmulatorOptions = {}) {
  const context = {} as { emulator: StartedEmulator; leaks: ReturnType<typeof watchLeaks> };
  beforeAll(async () => void (context.emulator = await startEmulator({ apiKey: KEY, ...options })));
  afterAll(() => context.emulator.close());
  beforeEach(() => {
    context.emulator.reset();
    context.leaks = watchLeaks(() => [KEY, SECRET, JWT_SECRET, context.emulator.url]);
  });
  afterEach(() => {
    context.leaks.expectClean();
    vi.restoreAllMocks();
  });
  return Object.assign(context, {
    /** A handler forwarding to the emulator as {@link SESSION}, with `overrides`. */
    handler: (overrides: Partial<IdentifyHandlerOptions> = {}) =>
      createIdentifyHandler({ apiKey: KEY, baseUrl: context.emulator.url, resolveUser: () => SESSION, ...overrides }),
    /** Runs a request through a handler; returns the response and its recorded body. */
    async call(handler: (request: Request) => Promise<Response>, request: Request) {
      const response = await handler(request);
      return { response, status: response.status, headers: response.headers, body: await context.leaks.record(response) };
    },
  });
}
