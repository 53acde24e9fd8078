import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

/** What the e2e endpoint received. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface TestServer {
  url: string;
  received: Received[];
  /** Serves extra routes (pages) from a test: path -> HTML, or HTML with response headers. */
  pages: Map<string, string | { html: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };
const root = process.cwd();

async function serveFile(res: ServerResponse, path: string): Promise<void> {
  const file = normalize(join(root, path));
  const allowed = ['dist/', 'node_modules/valibot/'].some((dir) => file.startsWith(join(root, dir)));
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
 * (the real proxy's node handler) serves `/api/featurebase/identify`. `?delay=ms` holds any
 * response, to make calls happen before the bundle has loaded.
 */
export async function startTestServer(options: { identify?: (req: IncomingMessage, res: ServerResponse) => void } = {}): Promise<TestServer> {
  const received: Received[] = [];
  const pages: TestServer['pages'] = new Map();
  const known = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const delay = Number(url.searchParams.get('delay')) || 0;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (options.identify && url.pathname === '/api/featurebase/identify') return options.identify(req, res);
    if (req.method === 'POST') {
      const body = await readJson(req);
      received.push({ path: url.pathname, headers: req.headers, body });
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
