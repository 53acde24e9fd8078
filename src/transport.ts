import { retryAfterMs } from './backoff.js';
import { settings } from './config.js';
import { FeaturebaseError } from './errors.js';
import { withToken } from './widgets.js';

/** A contact as Featurebase returns it: the fields sent, plus Featurebase's own. */
export interface FeaturebaseContact {
  object: 'contact';
  /** Featurebase's id of the contact (24 hex characters). */
  id: string;
  email?: string;
  userId?: string;
  name?: string;
  [field: string]: unknown;
}

/** The outcome of a delivered identify. */
export interface IdentifyResult {
  /**
   * `created` for a 201 from the endpoint, `updated` for any other 2xx, `unchanged` when the same
   * contact was delivered recently (nothing sent), `superseded` when a newer identify or `reset()`
   * replaced this one before it was delivered.
   */
  status: 'created' | 'updated' | 'unchanged' | 'superseded';
  /** For `created` and `updated`: the contact as Featurebase stored it. */
  contact?: FeaturebaseContact;
  /** For `created` and `updated`: the endpoint's response headers (e.g. `X-RateLimit-Remaining`). */
  headers?: Headers;
  /**
   * The token Featurebase's widgets, messenger and portal take as this user's identity, signed by
   * your endpoint (`featurebase-identify/server` with `jwtSecret`), when it signs one: for
   * `created` and `updated`, and for `unchanged` the one this page already got for that contact.
   * `init({ widgets })` hands it to Featurebase's runtime on the page. Not in the script-tag core
   * `featurebase.umd.js` (use `featurebase-widgets.umd.js`).
   */
  featurebaseJwt?: string;
}

/**
 * POSTs a validated contact to the app's endpoint and maps the answer. The endpoint, extra
 * headers and the timeout are the settings in force now.
 * @param job - the validated contact as JSON, and the idempotency key
 * @returns the endpoint's contact, as created or updated
 * @throws FeaturebaseError with code `network`, `timeout`, `http`, `invalid_response`, or
 * `invalid_options` when the headers function throws; never anything else
 */
export async function send({ body, id }: { body: string; id: string }): Promise<IdentifyResult> {
  const { endpoint, headers, timeoutMs } = settings;
  let extra: Record<string, string>;
  try {
    extra = typeof headers == 'function' ? await headers() : headers;
  } catch (cause) {
    // Whatever it threw (even null): the caller gets a FeaturebaseError, and the delivery goes on.
    throw new FeaturebaseError('invalid_options', 'headers() threw', { param: 'headers', cause });
  }
  let response: Response;
  let json: any;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { ...extra, 'Content-Type': 'application/json', 'Idempotency-Key': id },
      body,
      // credentials: fetch's default, 'same-origin', sends the session cookie to your endpoint.
      // Browsers refuse keepalive bodies over 64 KiB; at most 3 bytes a UTF-16 unit keeps us under.
      keepalive: body.length < 2e4,
      signal: AbortSignal.timeout(timeoutMs),
    });
    json = await response.json().catch(() => {});
  } catch (cause) {
    throw new FeaturebaseError((cause as Error).name == 'TimeoutError' ? 'timeout' : 'network', `${endpoint} did not answer`, { cause });
  }
  const { status, ok } = response;
  // The widgets' token comes beside Featurebase's contact: withToken takes it out.
  if (ok && json instanceof Object) return withToken({ status: status == 201 ? 'created' : 'updated', contact: json, headers: response.headers });
  // A 2xx that is not JSON is usually an HTML fallback page: the endpoint is not mounted there.
  const error = json?.error || {};
  throw new FeaturebaseError(ok ? 'invalid_response' : 'http', error.message || `${endpoint} answered ${status}${ok ? ', not JSON' : ''}`, {
    status,
    upstreamCode: error.code,
    param: error.param,
    retryAfter: retryAfterMs(response.headers, status),
  });
}
