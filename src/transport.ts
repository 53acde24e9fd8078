import type { InitOptions } from './client.js';
import { FeaturebaseError } from './errors.js';

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
  /** `created` for a 201 from the endpoint, `updated` for any other 2xx. */
  status: 'created' | 'updated';
  /** The contact as Featurebase stored it. */
  contact: FeaturebaseContact;
}

/**
 * POSTs a validated contact to the app's endpoint and maps the answer.
 * @param endpoint - the app's identify endpoint
 * @param headers - extra headers, or a function returning them
 * @param body - a contact that passed validation, as JSON
 * @returns the endpoint's contact, as created or updated
 * @throws FeaturebaseError with code `network`, `http` or `invalid_response`
 */
export async function send(endpoint: string, headers: InitOptions['headers'], body: string): Promise<IdentifyResult> {
  const extra = typeof headers == 'function' ? await headers() : headers;
  let response: Response;
  let json: any;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { ...extra, 'Content-Type': 'application/json' },
      body,
      credentials: 'same-origin',
      // Browsers refuse keepalive bodies over 64 KiB; at most 3 bytes a UTF-16 unit keeps us under.
      keepalive: body.length < 2e4,
    });
    json = await response.json().catch(() => {});
  } catch (cause) {
    throw new FeaturebaseError('network', `${endpoint} did not answer`, { cause });
  }
  const { status, ok } = response;
  if (ok && json instanceof Object) return { status: status == 201 ? 'created' : 'updated', contact: json };
  // A 2xx that is not JSON is usually an HTML fallback page: the endpoint is not mounted there.
  const error = (json && json.error) || {};
  throw new FeaturebaseError(ok ? 'invalid_response' : 'http', error.message || `${endpoint} answered ${status}${ok ? ', not JSON' : ''}`, {
    status,
    upstreamCode: error.code,
    param: error.param,
  });
}
