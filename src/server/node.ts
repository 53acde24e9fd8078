// No node: import, not even of types: edge runtimes load this entry, and projects without
// @types/node type-check it. The structural types below accept node:http, node:http2 and Express.
import { bodyIncomplete, bodyTimeout, bodyTooLarge } from './body.js';
import type { Answer } from './errors.js';
import { createIdentifyResponder, type BodyReader, type IdentifyHandler } from './handler.js';
import type { IdentifyHandlerOptions } from './options.js';

/**
 * What the adapter reads of a request: node:http's `IncomingMessage`, node:http2's
 * `Http2ServerRequest` and Express's `req` all fit.
 */
export interface NodeRequest {
  method?: string;
  url?: string;
  /** Lower-case names; HTTP/2's `:authority` among them. */
  headers: Record<string, string | string[] | undefined>;
  /** 2 on HTTP/2, where a `Connection` header is forbidden. */
  httpVersionMajor?: number;
  /** Whether the whole body arrived. */
  complete: boolean;
  /** Whether the body was read to the end before the adapter (by a body parser). */
  readableEnded: boolean;
  /** The connection (`encrypted` on TLS). */
  socket: object | null;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** What the adapter writes to: node:http's `ServerResponse`, node:http2's `Http2ServerResponse`, Express's `res`. */
export interface NodeResponse {
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body?: string | Uint8Array): unknown;
  destroy(error?: Error): unknown;
  /** True once the connection is gone (node:http; absent on node:http2). */
  destroyed?: boolean;
}

/**
 * A node:http (or node:http2) request listener that is also Express middleware.
 * @typeParam Req - the request type your server passes (`IncomingMessage`, `express.Request`),
 * handed to `resolveUser` and `enrich` as `context`
 */
export type NodeHandler<Req extends NodeRequest = NodeRequest> = (req: Req, res: NodeResponse, next?: (error?: unknown) => void) => void;

/**
 * Streams a node:http request body as a web stream, pausing the socket while the reader is
 * busy, so a body can be refused mid-way without buffering the rest.
 * @param req - the incoming request
 * @returns its body
 */
export function nodeBodyStream(req: NodeRequest): ReadableStream<Uint8Array> {
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
      req.on('error', (error: Error) => settle(() => controller.error(error)));
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
 * Reads a node:http request body into memory, refusing it as soon as it grows past `maxBytes`
 * or when it has not arrived within `timeoutMs`: the same limits as `readBody` on
 * {@link nodeBodyStream}, without a web stream between.
 * @param req - the incoming request, not yet read
 * @param maxBytes - the largest body accepted
 * @param timeoutMs - how long it may take to arrive
 * @returns every byte of the body
 * @throws Refusal 413 `body_too_large`, 408 `body_timeout`, 400 `body_incomplete` (the client went away)
 */
function readNodeBody(req: NodeRequest, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  if (Number(req.headers['content-length']) > maxBytes) {
    req.pause();
    return Promise.reject(bodyTooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    // Stop the sender in every refusal: the rest of the body is never buffered.
    const refuse = (refusal: () => Error) => settle(() => (req.pause(), reject(refusal())));
    const timer = setTimeout(() => refuse(() => bodyTimeout(timeoutMs)), timeoutMs);
    const settle = (end: () => void) => {
      if (!settled) (settled = true), clearTimeout(timer), end();
    };
    req.on('data', (chunk: Uint8Array) => {
      if (settled) return;
      size += chunk.byteLength;
      if (size > maxBytes) refuse(() => bodyTooLarge(maxBytes));
      else chunks.push(chunk);
    });
    req.on('end', () => settle(() => resolve(chunks.length == 1 ? chunks[0] : Buffer.concat(chunks, size))));
    req.on('error', () => refuse(bodyIncomplete));
    req.on('close', () => refuse(bodyIncomplete));
  });
}

/**
 * What a body parser that read the body before us (`req.body` after `express.json()`) made of
 * it, serialized again so that it is still checked.
 * @param req - the incoming request, already read
 * @returns the body to check and parse
 */
function parsedBody(req: NodeRequest): string | Uint8Array | undefined {
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
async function readParsedBody(req: NodeRequest, maxBytes: number): Promise<Uint8Array> {
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
function toRequest(req: NodeRequest, withBody: boolean): { request: Request; readBefore: boolean } {
  const headers = new Headers();
  for (const name in req.headers) {
    const value = req.headers[name];
    if (name.startsWith(':') || value === undefined) continue;
    if (typeof value == 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  // HTTP/2 names the host in :authority, and has no Host header.
  const authority = req.headers[':authority'];
  if (!headers.has('host') && typeof authority == 'string') headers.set('host', authority);
  const protocol = (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http';
  const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // Only an origin-form path ('/api/...') is appended: an absolute-form request line must not
  // choose the origin that same-origin checks compare against.
  const path = target.startsWith('/') ? target : '/';
  let url: URL;
  try {
    url = new URL(`${protocol}://${headers.get('host') || 'localhost'}${path}`);
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
 * Closes an HTTP/1 connection whose request body was not read to the end (a 413, or a refusal
 * before reading) rather than draining it. HTTP/2 forbids a `Connection` header: there, ending
 * the response ends the stream alone.
 * @param req - the request, to know whether its body was read
 * @param headers - the response headers, changed in place
 */
function closeIfUnread(req: NodeRequest, headers: Record<string, string | number>): void {
  if (!req.complete && (req.httpVersionMajor ?? 1) < 2) headers.connection = 'close';
}

/**
 * Writes a Fetch response to a node:http response.
 * @param response - the handler's response
 * @param req - the request, to know whether its body was read
 * @param res - where to write
 */
async function writeResponse(response: Response, req: NodeRequest, res: NodeResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  closeIfUnread(req, headers);
  const body = new Uint8Array(await response.arrayBuffer());
  // The client may be gone (it hung up mid-body): nobody to answer.
  if (res.destroyed) return;
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Writes the responder's answer to a node:http response.
 * @param answer - what the responder decided
 * @param req - the request, to know whether its body was read
 * @param res - where to write
 */
function writeAnswer({ status, headers, body }: Answer, req: NodeRequest, res: NodeResponse): void {
  const out: Record<string, string | number> = { ...headers };
  // A 204 (preflight) has no body and may carry no Content-Length.
  if (body != null) out['content-length'] = Buffer.byteLength(body);
  closeIfUnread(req, out);
  if (res.destroyed) return;
  res.writeHead(status, out);
  res.end(body ?? undefined);
}

/**
 * Answers a node:http request with the handler's response, or hands a failure to Express.
 * @param answer - the handler's response to come
 * @param write - writes it to `res`
 * @param res - where to write
 * @param next - Express's `next`, if any
 */
function send<T>(answer: Promise<T>, write: (answer: T) => unknown, res: NodeResponse, next?: (error?: unknown) => void): void {
  answer.then(write).catch((error) => (next ? next(error) : res.destroy(error)));
}

/**
 * Adapts a Fetch-standard identify handler to node:http, node:http2 and Express. `resolveUser`
 * and `enrich` get the node request (Express's `req`, with `req.user` or `req.session`) as `context`.
 * @typeParam Req - the request type your server passes, e.g. `IncomingMessage` or `express.Request`
 * @param handler - from {@link createIdentifyHandler}
 * @returns a `(req, res, next?) => void` listener
 */
export function toNodeHandler<Req extends NodeRequest = NodeRequest>(handler: IdentifyHandler<Req>): NodeHandler<Req> {
  return (req, res, next) => send(handler(toRequest(req, true).request, req), (response) => writeResponse(response, req, res), res, next);
}

/**
 * Creates the identify endpoint as a node:http or node:http2 listener, or Express middleware:
 * the same checks and answers as {@link createIdentifyHandler}, with the body read straight
 * from the socket and bounded.
 * @typeParam Req - the request type your server passes, e.g. `IncomingMessage` or `express.Request`
 * (inferred from `resolveUser`'s second parameter when you annotate it)
 * @param options - see {@link IdentifyHandlerOptions}; `context` is the node request
 * @returns a `(req, res, next?) => void` listener
 * @example
 * app.use('/api/featurebase/identify', createNodeHandler<express.Request>({
 *   apiKey: process.env.FEATUREBASE_API_KEY!,
 *   resolveUser: (_request, req) => req.user ? { userId: req.user.id, email: req.user.email } : null,
 * }));
 */
export function createNodeHandler<Req extends NodeRequest = NodeRequest>(options: IdentifyHandlerOptions<Req>): NodeHandler<Req> {
  const respond = createIdentifyResponder(options);
  return (req, res, next) => {
    // The Fetch request carries no body: the handler asks for the bytes when its checks get there.
    const { request, readBefore } = toRequest(req, false);
    const readBytes: BodyReader = readBefore ? (maxBytes) => readParsedBody(req, maxBytes) : (maxBytes, timeoutMs) => readNodeBody(req, maxBytes, timeoutMs);
    send(respond(request, req, readBytes), (answer) => writeAnswer(answer, req, res), res, next);
  };
}
