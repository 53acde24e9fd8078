import { vi } from 'vitest';

/** One request that reached the fake endpoint. */
export interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  credentials?: RequestCredentials;
  keepalive?: boolean;
}

type Reply = Response | Error | ((sent: Sent) => Response | Error | Promise<Response | Error>);

/**
 * Replaces global fetch with a recording endpoint that answers from a queue of replies
 * (default: 201 echoing the body as a contact). Restored by vi.unstubAllGlobals().
 */
export function fakeFetch(...replies: Reply[]) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    const entry: Sent = {
      url: String(url),
      method: init.method || 'GET',
      headers: Object.fromEntries(Object.entries(init.headers || {}).map(([name, value]) => [name.toLowerCase(), value])),
      body: JSON.parse(String(init.body)),
      // What fetch uses when the SDK sets nothing: the spec's default.
      credentials: init.credentials ?? 'same-origin',
      keepalive: init.keepalive,
    };
    sent.push(entry);
    const next = replies.length > 1 ? replies.shift()! : replies[0];
    const answer = typeof next === 'function' ? next(entry) : next;
    // Honour the abort signal (timeouts) like a real fetch.
    const reply = await new Promise<Response | Error>((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      Promise.resolve(answer).then(resolve, reject);
    });
    if (reply instanceof Error) throw reply;
    return reply ? reply.clone() : Response.json({ object: 'contact', id: '0'.repeat(24), ...(entry.body as object) }, { status: 201 });
  });
  vi.stubGlobal('fetch', fetch);
  return sent;
}
