// Types only: this file adds no node: import to the bundle, so edge runtimes can load the entry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyTooLarge } from './body.js';
import type { Answer } from './errors.js';
import { createIdentifyResponder, type BodyReader, type IdentifyHandler } from './handler.js';
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
 * Reads a node:http request body into memory, refusing it as soon as it grows past `maxBytes`:
 * the same limits as `readBody` on {@link nodeBodyStream}, without a web stream between.
 * @param req - the incoming request, not yet read
 * @param maxBytes - the largest body accepted
 * @returns every byte of the body
 * @throws Refusal 413 `body_too_large`
 */
function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  if (Number(req.headers['content-length']) > maxBytes) {
    req.pause();
    return Promise.reject(bodyTooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (end: () => void) => {
      if (!settled) (settled = true), end();
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.byteLength;
      // Stop the sender here: the rest of the body is never buffered.
      if (size > maxBytes) settle(() => (req.pause(), reject(bodyTooLarge(maxBytes))));
      else chunks.push(chunk);
    });
    req.on('end', () => settle(() => resolve(chunks.length == 1 ? chunks[0] : Buffer.concat(chunks, size))));
    req.on('error', (error) => settle(() => reject(error)));
    req.on('close', () => settle(() => reject(new Error('The client closed the connection'))));
  });
}

/**
 * What a body parser that read the body before us (`req.body` after `express.json()`) made of
 * it, serialized again so that it is still checked.
 * @param req - the incoming request, already read
 * @returns the body to check and parse
 */
function parsedBody(req: IncomingMessage): string | Uint8Array | undefined {
  const parsed = (req as { body?: unknown }).body;
  return parsed == null ? '' : typeof parsed == 'string' || parsed instanceof Uint8Array ? parsed : JSON.stringify(parsed);
}

/**
 * The bytes of {@link parsedBody}, held to the same limit as a body read from the socket.
 * @param req - the incoming request, already read
 * @param maxBytes - the largest body accepted
 * @returns the bytes to parse
 * @throws Refusal 413 `body_too_large`
 */
async function readParsedBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const body = parsedBody(req);
  const bytes = typeof body == 'string' ? Buffer.from(body) : (body ?? new Uint8Array(0));
  if (bytes.byteLength > maxBytes) throw bodyTooLarge(maxBytes);
  return bytes;
}

/**
 * Builds the Fetch request the handler sees from a node:http one.
 * @param req - the incoming request
 * @param withBody - whether the request carries the body (streamed from `req`, or a body
 *   parser's `req.body`); without it the adapter reads the body itself
 * @returns the equivalent Fetch request, and whether a body parser read the body before us
 */
function toRequest(req: IncomingMessage, withBody: boolean): { request: Request; readBefore: boolean } {
  const headers = new Headers();
  for (const name in req.headers) {
    const value = req.headers[name];
    if (name.startsWith(':') || value === undefined) continue;
    if (typeof value == 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
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
  const readBefore = method != 'GET' && method != 'HEAD' && req.readableEnded;
  let body: BodyInit | null | undefined = null;
  if (readBefore) {
    headers.delete('content-length');
    if (withBody) body = parsedBody(req) as BodyInit | undefined;
  } else if (withBody && method != 'GET' && method != 'HEAD') body = nodeBodyStream(req);
  return { request: new Request(url, { method, headers, body, duplex: 'half' } as RequestInit), readBefore };
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
 * Writes the responder's answer to a node:http response, closing the connection as
 * {@link writeResponse} does.
 * @param answer - what the responder decided
 * @param req - the request, to know whether its body was read
 * @param res - where to write
 */
function writeAnswer({ status, headers, body }: Answer, req: IncomingMessage, res: ServerResponse): void {
  const out: Record<string, string | number> = { ...headers };
  // A 204 (preflight) has no body and may carry no Content-Length.
  if (body != null) out['content-length'] = Buffer.byteLength(body);
  if (!req.complete) out.connection = 'close';
  res.writeHead(status, out).end(body ?? undefined);
}

/**
 * Answers a node:http request with the handler's response, or hands a failure to Express.
 * @param answer - the handler's response to come
 * @param write - writes it to `res`
 * @param res - where to write
 * @param next - Express's `next`, if any
 */
function send<T>(answer: Promise<T>, write: (answer: T) => unknown, res: ServerResponse, next?: (error?: unknown) => void): void {
  answer.then(write).catch((error) => (next ? next(error) : res.destroy(error)));
}

/**
 * Adapts a Fetch-standard identify handler to node:http and Express. `resolveUser` and `enrich`
 * get the `IncomingMessage` (Express's `req`, with `req.user` or `req.session`) as `context`.
 * @param handler - from {@link createIdentifyHandler}
 * @returns a `(req, res, next?) => void` listener
 */
export function toNodeHandler(handler: IdentifyHandler<IncomingMessage>): NodeHandler {
  return (req, res, next) => send(handler(toRequest(req, true).request, req), (response) => writeResponse(response, req, res), res, next);
}

/**
 * Creates the identify endpoint as a node:http listener or Express middleware: the same
 * checks and answers as {@link createIdentifyHandler}, with the body read straight from the
 * socket and bounded.
 * @param options - see {@link IdentifyHandlerOptions}; `context` is the `IncomingMessage`
 * @returns a `(req, res, next?) => void` listener
 * @example
 * app.use('/api/featurebase/identify', createNodeHandler({
 *   apiKey: process.env.FEATUREBASE_API_KEY!,
 *   resolveUser: (_request, req) => req.user ? { userId: req.user.id, email: req.user.email } : null,
 * }));
 */
export function createNodeHandler(options: IdentifyHandlerOptions<IncomingMessage>): NodeHandler {
  const respond = createIdentifyResponder(options);
  return (req, res, next) => {
    // The Fetch request carries no body: the handler asks for the bytes when its checks get there.
    const { request, readBefore } = toRequest(req, false);
    const readBytes: BodyReader = readBefore ? (maxBytes) => readParsedBody(req, maxBytes) : (maxBytes) => readNodeBody(req, maxBytes);
    send(respond(request, req, readBytes), (answer) => writeAnswer(answer, req, res), res, next);
  };
}
