import type { ContactInput, ContactOutput } from '../contact.js';

/** Featurebase's REST API. */
export const DEFAULT_BASE_URL = 'https://do.featurebase.app';

/** The first API version with `POST /v2/contacts`; sent as `Featurebase-Version`. */
export const DEFAULT_API_VERSION = '2026-01-01.nova';

/** Rate-limit headers Featurebase sends and the handler passes on. */
export const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/** Who is signed in, as your session knows them: at least one of the two. */
export interface SessionUser {
  /** Your user's id: the contact's `userId`. */
  userId?: string;
  /** Your user's email: the contact's `email`. */
  email?: string;
}

/** Fields that grant privileges (`roles`) or prove identity (the hashes): the server's to set. */
export type PrivilegedField = 'roles' | 'userHash' | 'companyHash';

/** Something that may be returned directly or as a promise. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Options of {@link createIdentifyHandler}.
 * @typeParam Context - the second argument your framework passes to the handler (Next.js route
 * context, Hono's `c`, or the node request in the node adapter), handed on to your callbacks
 */
export interface IdentifyHandlerOptions<Context = unknown> {
  /**
   * Your Featurebase secret API key. Required; it never leaves the server. When missing (a build
   * without secrets), the handler is still created, and answers 500 `misconfigured`.
   */
  apiKey: string;
  /**
   * Featurebase's API origin. The handler posts to `{baseUrl}/v2/contacts`.
   * @default 'https://do.featurebase.app'
   */
  baseUrl?: string;
  /**
   * Sent as `Featurebase-Version` on every request. The contacts endpoint exists from `2026-01-01.nova`.
   * @default '2026-01-01.nova'
   */
  apiVersion?: string;
  /**
   * The fetch used to reach Featurebase.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * How long to wait for Featurebase, in milliseconds, before answering 504.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * Returns who is signed in, from your session (cookie, header, `req.user`), or null when nobody is:
   * the handler then answers 401. A contact naming another `userId` or `email` gets 403; identifiers
   * the browser left out are filled in from here. Required unless `allowUnauthenticated` is true.
   * @param request - the incoming request
   * @param context - your framework's second handler argument (the node request in the node adapter)
   */
  resolveUser?: (request: Request, context: Context) => Awaitable<SessionUser | null | undefined>;
  /**
   * Forwards contacts when nobody is signed in, without identity checks: anyone can then
   * create or overwrite any contact with your key. A user `resolveUser` does return is still
   * checked. For demos only; logs one warning.
   * @default false
   */
  allowUnauthenticated?: boolean;
  /**
   * Adds trusted, server-side fields (roles, companies with `monthlySpend`) after every check,
   * before hashing and forwarding. Its result is validated again.
   * @param contact - the browser's contact, validated, identifiers filled in from the session
   * @param user - the signed-in user (null only with `allowUnauthenticated`)
   * @param request - the incoming request
   * @param context - your framework's second handler argument
   * @returns the contact to send
   */
  enrich?: (contact: ContactOutput, user: SessionUser | null, request: Request, context: Context) => Awaitable<ContactInput | ContactOutput>;
  /**
   * Featurebase's identity-verification secret. When set, the handler computes `userHash`
   * (of `userId`, else `email`) and every `companies[].companyHash` (of the company `id`),
   * HMAC-SHA256 in hex, replacing any value already there.
   */
  identitySecret?: string;
  /**
   * Other origins (`https://www.example.com`, no path) whose pages may call the endpoint;
   * CORS preflights are answered for these only. Your own pages need no entry: they are told by
   * `Sec-Fetch-Site: same-origin`, or else by an `Origin` whose host is the request's `Host`
   * (any scheme, so a TLS-terminating proxy changes nothing). List your public origin only behind
   * a proxy that rewrites the Host, for browsers that send no `Sec-Fetch-Site`.
   * @default []
   */
  allowedOrigins?: readonly string[];
  /**
   * Largest request body accepted, in bytes; enforced while reading, whatever `Content-Length` says.
   * @default 16384
   */
  maxBodyBytes?: number;
  /**
   * Privileged fields the browser may set itself. By default a request carrying `roles`,
   * `userHash` or a `companies[].companyHash` is refused with 403 naming the field: set them in
   * `enrich`, or let `identitySecret` compute the hashes. Listing a field here trusts every
   * signed-in user with it.
   * @default []
   */
  browserMaySet?: readonly PrivilegedField[];
}

/** The options with their defaults applied, as the handler uses them. */
export type ResolvedOptions<Context> = Required<Pick<IdentifyHandlerOptions<Context>, 'baseUrl' | 'apiVersion' | 'timeoutMs' | 'maxBodyBytes'>> &
  Omit<IdentifyHandlerOptions<Context>, 'baseUrl' | 'apiVersion' | 'timeoutMs' | 'maxBodyBytes'> & {
    fetch: typeof fetch;
    allowedOrigins: readonly string[];
    browserMaySet: readonly PrivilegedField[];
  };

/**
 * Reads an allowed origin the way browsers send it.
 * @param origin - as configured, e.g. `https://app.example.com/`
 * @returns the origin, e.g. `https://app.example.com`
 * @throws TypeError when it is no absolute URL
 */
function toOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new TypeError(`allowedOrigins: ${JSON.stringify(origin)} is not an origin such as https://app.example.com`);
  }
}

/**
 * Checks the options once, when the handler is created, and applies the defaults.
 * @param options - what the app passed
 * @returns the options the handler runs with
 * @throws TypeError when `apiKey` is missing, `resolveUser` is missing without `allowUnauthenticated`,
 * or an allowed origin is not a URL; the handler reports it at request time
 */
export function resolveOptions<Context>(options: IdentifyHandlerOptions<Context>): ResolvedOptions<Context> {
  const { apiKey, resolveUser, allowUnauthenticated } = options || ({} as IdentifyHandlerOptions<Context>);
  if (typeof apiKey != 'string' || !apiKey) {
    throw new TypeError('createIdentifyHandler needs an apiKey: is FEATUREBASE_API_KEY (or wherever you keep it) set where the server runs?');
  }
  if (!resolveUser && !allowUnauthenticated) {
    throw new TypeError('createIdentifyHandler needs resolveUser(request) to know who is signed in (or allowUnauthenticated: true for demos)');
  }
  if (allowUnauthenticated) {
    console.warn('[featurebase] allowUnauthenticated is on: anyone can create or overwrite any contact through this endpoint. Use it for demos only.');
  }
  return {
    ...options,
    baseUrl: (options.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
    apiVersion: options.apiVersion || DEFAULT_API_VERSION,
    fetch: options.fetch || ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBodyBytes: options.maxBodyBytes ?? 16_384,
    // Normalized so 'https://app.example.com/' matches the browser's 'https://app.example.com'.
    allowedOrigins: (options.allowedOrigins || []).map(toOrigin),
    browserMaySet: options.browserMaySet || [],
  };
}
