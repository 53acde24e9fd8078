// Types only: this file adds no node: import to the bundle, so edge runtimes can load the entry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createIdentifyHandler, type IdentifyHandler } from './handler.js';
import type { IdentifyHandlerOptions } from './options.js';

/** A node:http request listener that is also Express middleware. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * Streams a node:http request body as a web stream, pausing the socket while the reader is
 * busy, so a body can be refused mid-way without buffering the rest.
 * @param req - the incoming request
 * @returns its body
 */
export function nodeBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const settle = (end: () => void) => {
        if (!settled) (settled = true), end();
      };
      req.on('data', (chunk: Uint8Array) => {
        if (settled) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => settle(() => controller.close()));
      req.on('error', (error) => settle(() => controller.error(error)));
      req.on('close', () => settle(() => controller.error(new Error('The client closed the connection'))));
    },
    pull() {
      req.resume();
    },
    cancel() {
      settled = true;
      req.pause();
    },
  });
}

/**
 * Builds the Fetch request the handler sees from a node:http one. A body Express already
 * parsed (`req.body` after `express.json()`) is serialized again, and so still checked.
 * @param req - the incoming request
 * @returns the equivalent Fetch request
 */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const protocol = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
  const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Only an origin-form path ('/api/...') is appended: an absolute-form request line must not
  // choose the origin that same-origin checks compare against.
  const path = target.startsWith('/') ? target : '/';
  let url: URL;
  try {
    url = new URL(`${protocol}://${req.headers.host || 'localhost'}${path}`);
  } catch {
    url = new URL(`${protocol}://localhost`);
  }
  const method = req.method || 'GET';
  let body: BodyInit | null = null;
  const parsed = (req as { body?: unknown }).body;
  if (method == 'GET' || method == 'HEAD') body = null;
  else if (req.readableEnded) {
    // A body parser read the stream before us: use what it made of it.
    headers.delete('content-length');
    body = parsed == null ? '' : typeof parsed == 'string' || parsed instanceof Uint8Array ? (parsed as BodyInit) : JSON.stringify(parsed);
  } else body = nodeBodyStream(req);
  return new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
}

/**
 * Writes a Fetch response to a node:http response. When the request body was not read to the
 * end (a 413, or a refusal before reading), the connection is closed rather than drained.
 * @param response - the handler's response
 * @param req - the request, to know whether its body was read
 * @param res - where to write
 */
async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (!req.complete) headers.connection = 'close';
  const body = new Uint8Array(await response.arrayBuffer());
  res.writeHead(response.status, headers).end(body);
}

/**
 * Adapts a Fetch-standard identify handler to node:http and Express. `resolveUser` and `enrich`
 * get the `IncomingMessage` (Express's `req`, with `req.user` or `req.session`) as `context`.
 * @param handler - from {@link createIdentifyHandler}
 * @returns a `(req, res, next?) => void` listener
 */
export function toNodeHandler(handler: IdentifyHandler<IncomingMessage>): NodeHandler {
  return (req, res, next) => {
    handler(toRequest(req), req)
      .then((response) => writeResponse(response, req, res))
      .catch((error) => (next ? next(error) : res.destroy(error)));
  };
}

/**
 * Creates the identify endpoint as a node:http listener or Express middleware: the same
 * checks and answers as {@link createIdentifyHandler}, with the body streamed and bounded.
 * @param options - see {@link IdentifyHandlerOptions}; `context` is the `IncomingMessage`
 * @returns a `(req, res, next?) => void` listener
 * @example
 * app.use('/api/featurebase/identify', createNodeHandler({
 *   apiKey: process.env.FEATUREBASE_API_KEY!,
 *   resolveUser: (_request, req) => req.user ? { userId: req.user.id, email: req.user.email } : null,
 * }));
 */
export function createNodeHandler(options: IdentifyHandlerOptions<IncomingMessage>): NodeHandler {
  return toNodeHandler(createIdentifyHandler(options));
}
