import type { ContactInput, ContactOutput } from '../contact.js';
import type { SignedInUser } from './session.js';
import { DEFAULT_JWT_EXPIRES_IN_SECONDS } from './widget-token.js';
import type { ProxyStore } from './store.js';

/** Featurebase's REST API. */
export const DEFAULT_BASE_URL = 'https://do.featurebase.app';

/** The first API version with `POST /v2/contacts`; sent as `Featurebase-Version`. */
export const DEFAULT_API_VERSION = '2026-01-01.nova';

/** Who is signed in, as your session knows them: at least one of `userId` and `email`. */
export interface SessionUser {
  /** Your user's id: the contact's `userId`. A number (or bigint) is used as its decimal string. */
  userId?: string | number | bigint;
  /** Your user's email: the contact's `email`. */
  email?: string;
  /**
   * The ids of the companies the user belongs to. Only used with `browserMaySet: ['companies']`:
   * the browser may then send these companies, and no other.
   */
  companyIds?: readonly (string | number)[];
}

/**
 * Fields the browser may not set unless listed in `browserMaySet`: `roles` grant privileges, the
 * hashes prove identity, `companies` link the user to a company and overwrite its shared record.
 */
export type PrivilegedField = 'roles' | 'userHash' | 'companyHash' | 'companies';

/** Forwards to Featurebase per minute; `false` turns a limit off. */
export interface Limits {
  /**
   * Forwards one signed-in user may cause per minute (requests without an `Idempotency-Key`
   * included). Past it: 429 with `Retry-After`. The browser sees this limit in `X-RateLimit-*`.
   * @default 30
   */
  perUserPerMinute?: number | false;
  /**
   * Forwards for the whole API key, all users together, per minute: under Featurebase's 2,000.
   * @default 1800
   */
  keyPerMinute?: number | false;
}

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
   * @param user - the signed-in user, identifiers as strings (null only with `allowUnauthenticated`)
   * @param request - the incoming request
   * @param context - your framework's second handler argument
   * @returns the contact to send
   */
  enrich?: (contact: ContactOutput, user: SignedInUser | null, request: Request, context: Context) => Awaitable<ContactInput | ContactOutput>;
  /**
   * Featurebase's identity-verification secret. When set, the handler computes `userHash`
   * (of `userId`, else `email`) and every `companies[].companyHash` (of the company `id`),
   * HMAC-SHA256 in hex, replacing any value already there.
   */
  identitySecret?: string;
  /**
   * The workspace's JWT secret (Featurebase: Settings, Security, "Get JWT Secret"). When set, every
   * successful identify of a signed-in user is also answered with a `featurebaseJwt` for that
   * user, beside the contact: HS256, with the contact as forwarded (after `enrich`): `userId`,
   * `email`, `name`, `profilePicture`, `locale`, `companies` and the custom fields, plus `iat` and
   * `exp`. Featurebase's widgets, messenger and portal take it as the user's identity. Never for
   * a refused or failed identify, nor without a session (`allowUnauthenticated`).
   */
  jwtSecret?: string;
  /**
   * How long a `featurebaseJwt` is valid, in seconds (`exp` - `iat`): a whole number from 60 to
   * 86400. Each identify gets a new one, so a long life buys nothing, and a token copied from a
   * page or a log is useless once it has passed.
   * @default 3600 (one hour)
   */
  jwtExpiresInSeconds?: number;
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
   * How long the request body may take to arrive, in milliseconds, once the handler starts
   * reading it: 408 and the connection closed after that.
   * @default 10000
   */
  bodyTimeoutMs?: number;
  /**
   * Privileged fields the browser may set itself. By default a request carrying `roles`,
   * `userHash`, `companies` or a `companies[].companyHash` is refused with 403 naming the field:
   * set them in `enrich`, or let `identitySecret` compute the hashes. Listing `roles` or a hash
   * trusts every signed-in user with it; listing `companies` lets the browser send the companies
   * `resolveUser` returns in `companyIds`, and no other.
   * @default []
   */
  browserMaySet?: readonly PrivilegedField[];
  /**
   * Most companies one contact may carry, from the browser (400 past it) or from `enrich` (500).
   * @default 25
   */
  maxCompanies?: number;
  /** Rate limits on forwards to Featurebase, per user and for the key. */
  limits?: Limits;
  /**
   * How long the last contact a user sent successfully is remembered, in milliseconds: the same
   * contact again within it is answered from memory, not forwarded. `0` turns this off.
   * @default 600000 (10 minutes)
   */
  dedupeMs?: number;
  /**
   * Where the limits, the dedupe and the replay cache live. By default this process's memory:
   * each instance of the app then keeps its own. To share them between instances, pass
   * `redisStore(client)`. Keys reaching it are HMAC-SHA-256 hashes and values are encrypted
   * (AES-GCM), with keys derived from `apiKey`.
   * @default this process's memory
   */
  store?: ProxyStore;
}

/** The options with their defaults applied, as the handler uses them. */
export type ResolvedOptions<Context> = Required<
  Pick<IdentifyHandlerOptions<Context>, 'baseUrl' | 'apiVersion' | 'timeoutMs' | 'maxBodyBytes' | 'bodyTimeoutMs' | 'maxCompanies' | 'dedupeMs' | 'jwtExpiresInSeconds'>
> &
  Omit<IdentifyHandlerOptions<Context>, 'baseUrl' | 'apiVersion' | 'timeoutMs' | 'maxBodyBytes' | 'bodyTimeoutMs' | 'maxCompanies' | 'dedupeMs' | 'jwtExpiresInSeconds' | 'limits'> & {
    fetch: typeof fetch;
    allowedOrigins: readonly string[];
    browserMaySet: readonly PrivilegedField[];
    limits: { perUserPerMinute: number | false; keyPerMinute: number | false };
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
 * Reads one limit: a positive integer, `false`, or the default.
 * @param limits - what the app passed
 * @param name - which limit
 * @param fallback - its default
 * @returns the limit
 * @throws TypeError for anything else
 */
function limitOf(limits: Limits, name: keyof Limits, fallback: number): number | false {
  const value = limits[name] ?? fallback;
  if (value === false || (Number.isSafeInteger(value) && (value as number) > 0)) return value;
  throw new TypeError(`limits.${name} must be a positive integer or false`);
}

/**
 * Reads a whole-number option.
 * @param name - the option
 * @param value - what the app passed
 * @param fallback - its default
 * @param min - the least allowed
 * @param max - the most allowed
 * @returns the value
 * @throws TypeError for anything but an integer of at least `min`
 */
function wholeOf(name: string, value: number | undefined, fallback: number, min: number, max = Infinity): number {
  const resolved = value ?? fallback;
  if (Number.isSafeInteger(resolved) && resolved >= min && resolved <= max) return resolved;
  throw new TypeError(`${name} must be an integer ${max < Infinity ? `from ${min} to ${max}` : `of at least ${min}`}`);
}

/**
 * Checks the options once, when the handler is created, and applies the defaults.
 * @param options - what the app passed
 * @returns the options the handler runs with
 * @throws TypeError when `apiKey` is missing, `resolveUser` is missing without `allowUnauthenticated`,
 * an allowed origin is not a URL, a limit is not a positive integer or false, `bodyTimeoutMs`,
 * `maxCompanies` or `dedupeMs` is not a whole number (at least 1, 0 and 0), `jwtSecret` is set
 * but no non-empty string, `jwtExpiresInSeconds` is no whole number from 60 to 86400, or `store`
 * is no store; the handler reports it at request time
 */
export function resolveOptions<Context>(options: IdentifyHandlerOptions<Context>): ResolvedOptions<Context> {
  const { apiKey, resolveUser, allowUnauthenticated } = options || ({} as IdentifyHandlerOptions<Context>);
  if (typeof apiKey != 'string' || !apiKey) {
    throw new TypeError('createIdentifyHandler needs an apiKey: is FEATUREBASE_API_KEY (or wherever you keep it) set where the server runs?');
  }
  if (!resolveUser && !allowUnauthenticated) {
    throw new TypeError('createIdentifyHandler needs resolveUser(request) to know who is signed in (or allowUnauthenticated: true for demos)');
  }
  // Unset turns the widgets' token off; set to anything but a secret is a mistake to report.
  if (options.jwtSecret !== undefined && (typeof options.jwtSecret != 'string' || !options.jwtSecret)) {
    throw new TypeError('jwtSecret must be a non-empty string: the JWT secret of your Featurebase workspace (FEATUREBASE_JWT_SECRET, or wherever you keep it)');
  }
  const { store } = options;
  if (store !== undefined && !(store instanceof Object && typeof store.limiter == 'function' && typeof store.cache == 'function')) {
    throw new TypeError('store must be a store such as redisStore(client)');
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
    bodyTimeoutMs: wholeOf('bodyTimeoutMs', options.bodyTimeoutMs, 10_000, 1),
    maxCompanies: wholeOf('maxCompanies', options.maxCompanies, 25, 0),
    dedupeMs: wholeOf('dedupeMs', options.dedupeMs, 600_000, 0),
    jwtExpiresInSeconds: wholeOf('jwtExpiresInSeconds', options.jwtExpiresInSeconds, DEFAULT_JWT_EXPIRES_IN_SECONDS, 60, 86_400),
    limits: { perUserPerMinute: limitOf(options.limits || {}, 'perUserPerMinute', 30), keyPerMinute: limitOf(options.limits || {}, 'keyPerMinute', 1800) },
    // Normalized so 'https://app.example.com/' matches the browser's 'https://app.example.com'.
    allowedOrigins: (options.allowedOrigins || []).map(toOrigin),
    browserMaySet: options.browserMaySet || [],
  };
}
