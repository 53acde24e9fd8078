import type { ContactOutput } from '../contact.js';
import { errorBody, jsonAnswer, Refusal, type Answer } from './errors.js';
import { RATE_LIMIT_HEADERS, type ResolvedOptions } from './options.js';

/** What the forward needs of the handler's options. */
type ForwardOptions = Pick<ResolvedOptions<unknown>, 'apiKey' | 'apiVersion' | 'baseUrl' | 'fetch' | 'identitySecret' | 'timeoutMs'>;

/**
 * Copies the headers the browser may see from Featurebase's answer.
 * @param upstream - Featurebase's response
 * @param names - lower-case header names to copy
 * @returns the headers present
 */
function pick(upstream: Response, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = upstream.headers.get(name);
    if (value != null) out[name] = value;
  }
  return out;
}

/**
 * Reads an upstream body as JSON, or undefined. Reading it also frees the connection:
 * some runtimes keep the socket busy until the body is consumed.
 * @param upstream - Featurebase's response
 * @returns the parsed body, if it was JSON
 */
const readJson = (upstream: Response): Promise<any> => upstream.text().then((text) => JSON.parse(text)).catch(() => undefined);

/**
 * Posts a contact to Featurebase and maps its answer: 2xx and 4xx pass through with the body,
 * 429 with `Retry-After` and the rate-limit headers, 5xx and network errors become 502,
 * the timeout 504.
 * @param contact - the checked, enriched, signed contact
 * @param options - the handler's options
 * @returns the answer for the browser
 * @throws Refusal 502 `upstream_error` / `upstream_unreachable`, 504 `upstream_timeout`
 */
export async function forward(contact: ContactOutput, options: ForwardOptions): Promise<Answer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    let upstream: Response;
    let body: any;
    try {
      upstream = await options.fetch(options.baseUrl + '/v2/contacts', {
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
      body = await readJson(upstream);
      if (timedOut) throw new Error('timeout');
    } catch {
      // The cause may quote the upstream URL; it stays out of the response.
      if (timedOut) throw new Refusal(504, 'upstream_timeout', `Featurebase did not answer within ${options.timeoutMs} ms`);
      throw new Refusal(502, 'upstream_unreachable', 'Featurebase could not be reached');
    }
    const { status } = upstream;
    const limits = pick(upstream, status == 429 ? [...RATE_LIMIT_HEADERS, 'retry-after'] : RATE_LIMIT_HEADERS);
    const passes = (status >= 200 && status < 300 && body instanceof Object) || (status >= 400 && status < 500);
    if (!passes) throw new Refusal(502, 'upstream_error', `Featurebase answered ${status}`, undefined, limits);
    if (status == 401) console.warn('[featurebase] Featurebase refused the API key (401): check the apiKey option');
    if (status >= 400 && !(body && body.error instanceof Object)) {
      body = errorBody(status, status == 429 ? 'rate_limited' : 'upstream_error', `Featurebase answered ${status}`);
    }
    return jsonAnswer(status, redact(JSON.stringify(body), options), limits);
  } finally {
    clearTimeout(timer);
  }
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
