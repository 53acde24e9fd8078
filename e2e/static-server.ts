import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

/** What the e2e endpoint received. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body; undefined for a request the real proxy (`identify`) read. */
  body: any;
  /**
   * Once answered: whether the connection was still open then. A request the browser gave up
   * on (the page that sent it went away without keepalive) was closed before.
   */
  answered?: boolean;
}

export interface TestServer {
  url: string;
  /** Every POST, in the order it arrived (to the real proxy too). */
  received: Received[];
  /** Serves extra routes (pages) from a test: path -> HTML, or HTML with response headers. */
  pages: Map<string, string | { html: string; headers: Record<string, string> }>;
  /** Holds the answers to POSTs (not to the real proxy) until the returned function is called. */
  hold(): () => void;
  /** Holds every request for `path` (say, the SDK's script) until the returned function is called. */
  gate(path: string): () => void;
  close(): Promise<void>;
}

/** A promise and the function that resolves it. */
function latch() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };
const root = process.cwd();

async function serveFile(res: ServerResponse, path: string): Promise<void> {
  const file = normalize(join(root, path));
  const allowed = ['dist/', 'node_modules/valibot/', 'node_modules/lru-cache/', 'node_modules/jose/'].some((dir) => file.startsWith(join(root, dir)));
  const data = allowed ? await readFile(file).catch(() => null) : null;
  if (!data) return void res.writeHead(404).end('not found');
  res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' }).end(data);
}

async function readJson(req: IncomingMessage): Promise<any> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

/**
 * A local app for e2e: serves dist/ and pages, and records every POST to an identify endpoint,
 * answering like the real proxy (201 on a new identity, 200 on a known one), unless `identify`
 * (the real proxy's node handler) serves `/api/featurebase/identify`. `gate` holds a file (to
 * make calls happen before the bundle has loaded), `hold` the answers.
 */
export async function startTestServer(options: { identify?: (req: IncomingMessage, res: ServerResponse) => void } = {}): Promise<TestServer> {
  const received: Received[] = [];
  const pages: TestServer['pages'] = new Map();
  const known = new Set<string>();
  const gates = new Map<string, Promise<void>>();
  let held: Promise<void> | undefined;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    await gates.get(url.pathname);
    if (options.identify && url.pathname === '/api/featurebase/identify') {
      received.push({ path: url.pathname, headers: req.headers, body: undefined });
      return options.identify(req, res);
    }
    if (req.method === 'POST') {
      let closed = false;
      res.once('close', () => (closed = true));
      const entry: Received = { path: url.pathname, headers: req.headers, body: await readJson(req) };
      received.push(entry);
      await held;
      entry.answered = !closed;
      const body = entry.body;
      const key = body.userId || body.email;
      const status = known.has(key) ? 200 : 201;
      known.add(key);
      return void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ object: 'contact', id: 'f'.repeat(24), ...body }));
    }
    const page = pages.get(url.pathname);
    if (page !== undefined) {
      const { html, headers } = typeof page === 'string' ? { html: page, headers: {} } : page;
      return void res.writeHead(200, { 'Content-Type': 'text/html', ...headers }).end(html);
    }
    await serveFile(res, url.pathname.slice(1));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    pages,
    hold() {
      const { promise, open } = latch();
      held = promise;
      return open;
    },
    gate(path) {
      const { promise, open } = latch();
      gates.set(path, promise);
      return open;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
