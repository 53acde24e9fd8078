/** What went wrong, as a stable machine-readable string. */
export type FeaturebaseErrorCode =
  /** The contact failed validation; see `issues`. Nothing was sent. */
  | 'invalid_contact'
  /** The request never got an HTTP answer (offline, DNS, CORS, connection reset). */
  | 'network'
  /** The endpoint did not answer within `timeoutMs`. */
  | 'timeout'
  /** The endpoint answered with a non-2xx status; see `status`, `upstreamCode` and `param`. */
  | 'http'
  /** The endpoint answered 2xx but not with JSON: is the identify endpoint mounted at that path? */
  | 'invalid_response'
  /** `identify` was called where there is no browser (server-side rendering). */
  | 'unsupported_environment'
  /**
   * `init` was given an unknown option, or one of the wrong type or range; or the `headers`
   * function threw (see `cause`). Nothing was sent.
   */
  | 'invalid_options';

/** One failing field of a contact. */
export interface ContactIssue {
  /** Where in the contact, e.g. `email` or `companies[0].name`. */
  path: string;
  /** Why it failed, in plain words. */
  message: string;
}

/** Extra facts an error may carry. */
export interface FeaturebaseErrorDetails {
  issues?: ContactIssue[];
  status?: number;
  upstreamCode?: string;
  param?: string;
  retryAfter?: number;
  cause?: unknown;
}

/** The one error type of this SDK: every failure comes back as a `FeaturebaseError`. */
export class FeaturebaseError extends Error {
  /** What went wrong. */
  declare readonly code: FeaturebaseErrorCode;
  /** For `invalid_contact` and `invalid_options` from `init`: every failing field. Empty otherwise. */
  declare readonly issues: ContactIssue[];
  /** For `http`: the endpoint's HTTP status. */
  declare readonly status?: number;
  /** For `http`: Featurebase's `error.code` (e.g. `invalid_parameter`) when the endpoint passed it on. */
  declare readonly upstreamCode?: string;
  /** The field Featurebase or the endpoint blamed (`error.param`), or the first invalid field. */
  declare readonly param?: string;
  /** For `http`: how long the endpoint asked us to wait (ms), from `Retry-After` or, on a 429, `X-RateLimit-Reset`. */
  declare readonly retryAfter?: number;

  /**
   * @param code - what went wrong
   * @param message - for people; prefixed with `[featurebase]`
   * @param details - issues, status, upstream code and param, cause
   */
  constructor(code: FeaturebaseErrorCode, message: string, details?: FeaturebaseErrorDetails) {
    super('[featurebase] ' + message, details);
    Object.assign(this, { name: 'FeaturebaseError', code, issues: [] }, details);
  }
}

/**
 * Tells whether a value is a {@link FeaturebaseError}, also across bundles and realms.
 * @param value - anything caught or passed to a callback
 * @returns true when `value` is a FeaturebaseError
 */
export function isFeaturebaseError(value: unknown): value is FeaturebaseError {
  return value instanceof Error && value.name === 'FeaturebaseError';
}
