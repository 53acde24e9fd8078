import { retryAfterMs } from '../backoff.js';
import type { ContactOutput } from '../contact.js';
import { readAtMost, withDeadline } from './body.js';
import { errorBody, jsonAnswer, Refusal, refusalAnswer, type Answer } from './errors.js';
import { keyRateLimited } from './limits.js';
import type { ResolvedOptions } from './options.js';

/** What the forward needs of the handler's options. */
type ForwardOptions = Pick<ResolvedOptions<unknown>, 'apiKey' | 'apiVersion' | 'baseUrl' | 'fetch' | 'identitySecret' | 'timeoutMs'>;

/** The most of Featurebase's answer that is read: a contact with every field and 25 companies is about 20 KB. */
const MAX_ANSWER_BYTES = 2 ** 20;
/** Featurebase's windows are one minute: a longer wait is not believed, and one forward then probes again. */
const MAX_PAUSE_MS = 60_000;

/** Featurebase's answer for the browser, and how long to stop forwarding when its limit is reached. */
export interface Forwarded {
  answer: Answer;
  /** Set when Featurebase answered 429 or `X-RateLimit-Remaining: 0`: until its reset, in ms. */
  pauseMs?: number;
}

/**
 * Posts a contact to Featurebase and maps its answer: 2xx and 4xx pass through with the body
 * (its rate-limit headers do not: they are the key's), 429 becomes a `key_rate_limited` 429,
 * 5xx, network errors and an answer over 1 MiB become 502, no answer within `timeoutMs` 504,
 * even from a `fetch` that ignores its signal.
 * @param contact - the checked, enriched, signed contact
 * @param options - the handler's options
 * @returns the answer for the browser, and Featurebase's rate-limit pause if any
 * @throws Refusal 502 `upstream_error` / `upstream_unreachable`, 504 `upstream_timeout`
 */
export function forward(contact: ContactOutput, options: ForwardOptions): Promise<Forwarded> {
  const controller = new AbortController();
  const timedOut = () => (controller.abort(), new Refusal(504, 'upstream_timeout', `Featurebase did not answer within ${options.timeoutMs} ms`));
  return withDeadline(options.timeoutMs, timedOut, async (expired) => {
    let upstream: Response;
    let bytes: Uint8Array | undefined;
    try {
      const pending = options.fetch(options.baseUrl + '/v2/contacts', {
        method: 'POST',
        headers: {
          authorization: 'Bearer ' + options.apiKey,
          'content-type': 'application/json',
          'featurebase-version': options.apiVersion,
        },
        body: JSON.stringify(contact),
        signal: controller.signal,
        // A redirect would carry the key elsewhere; Featurebase does not redirect this endpoint.
        redirect: 'error',
      });
      // A fetch that ignores the signal may still answer after the deadline: free that connection then.
      expired.catch(() => pending.then((late) => late.body?.cancel().catch(() => {}), () => {}));
      upstream = await Promise.race([pending, expired]);
      // Reading the body, or cancelling it past the cap, also frees the connection.
      bytes = upstream.body ? await readAtMost(upstream.body, MAX_ANSWER_BYTES, expired) : new Uint8Array(0);
    } catch (error) {
      if (error instanceof Refusal) throw error;
      // The cause may quote the upstream URL; it stays out of the response.
      throw new Refusal(502, 'upstream_unreachable', 'Featurebase could not be reached');
    }
    if (!bytes) throw new Refusal(502, 'upstream_error', `Featurebase's answer exceeds ${MAX_ANSWER_BYTES} bytes`);
    return mapAnswer(upstream, bytes, options);
  });
}

/**
 * Turns Featurebase's answer into the browser's.
 * @param upstream - its response, body read
 * @param bytes - its body
 * @param options - the handler's options, for redaction
 * @returns the answer, and the pause its rate-limit headers ask for
 * @throws Refusal 502 `upstream_error` for 5xx, redirects and 2xx without JSON
 */
function mapAnswer(upstream: Response, bytes: Uint8Array, options: ForwardOptions): Forwarded {
  const { status, headers } = upstream;
  let body: any;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    // Not JSON: judged by the status below.
  }
  const pauseMs = status == 429 || headers.get('x-ratelimit-remaining') === '0' ? Math.min(MAX_PAUSE_MS, retryAfterMs(headers, 429) ?? MAX_PAUSE_MS) : undefined;
  if (status == 429) return { answer: refusalAnswer(keyRateLimited(pauseMs!)), pauseMs };
  const passes = (status >= 200 && status < 300 && body instanceof Object) || (status >= 400 && status < 500);
  if (!passes) throw new Refusal(502, 'upstream_error', `Featurebase answered ${status}`);
  if (status == 401) console.warn('[featurebase] Featurebase refused the API key (401): check the apiKey option');
  if (status >= 400 && !(body && body.error instanceof Object)) body = errorBody(status, 'upstream_error', `Featurebase answered ${status}`);
  return { answer: jsonAnswer(status, redact(JSON.stringify(body), options)), pauseMs };
}

/**
 * Removes the key, the secret and the upstream URL should Featurebase ever quote them.
 * @param text - the body to pass on
 * @param options - holds the strings that must not leak
 * @returns the text without them
 */
function redact(text: string, { apiKey, identitySecret, baseUrl }: ForwardOptions): string {
  for (const secret of [apiKey, identitySecret, baseUrl]) if (secret) text = text.split(secret).join('[redacted]');
  return text;
}
