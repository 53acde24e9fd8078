import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long the emulator waits for a request body, like any API server. */
export const BODY_TIMEOUT_MS = 10_000;

/**
 * Answers JSON on a node:http response. A request whose body was not read to the end gets
 * its connection closed, not drained.
 * @param req - the request being answered
 * @param res - where to write
 * @param status - the HTTP status
 * @param body - anything JSON.stringify takes (undefined for no body)
 * @param headers - extra headers
 */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const out: Record<string, string> = { ...headers };
  if (body !== undefined) out['content-type'] = 'application/json; charset=utf-8';
  if (!req.complete) out.connection = 'close';
  res.writeHead(status, out).end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * Flattens node's lower-case headers to one string each.
 * @param headers - `req.headers`
 * @returns name to value, repeated values joined with ', '
 */
export const flatHeaders = (headers: IncomingMessage['headers']): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]));
