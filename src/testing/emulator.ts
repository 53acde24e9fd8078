import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isFeaturebaseError } from '../errors.js';
import { validateContact } from '../validate.js';
import { readBody } from '../server/body.js';
import { errorBody } from '../server/errors.js';
import { parseJson } from '../server/json.js';
import { nodeBodyStream } from '../server/node.js';
import { DEFAULT_API_VERSION } from '../server/options.js';
import { serveControl } from './control.js';
import { createFaults, type FailFault } from './faults.js';
import { BODY_TIMEOUT_MS, flatHeaders, sendJson } from './http.js';
import { createRateLimiter } from './rate-limit.js';
import { createStore, type EmulatedContact } from './store.js';

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /**
   * The only API key the emulator accepts.
   * @default 'fb_test_key'
   */
  apiKey?: string;
  /**
   * Requests per key per one-minute window, like Featurebase's per-key limit.
   * @default 2000
   */
  rateLimit?: number;
  /** Featurebase's identity-verification secret: when set, contacts are `verified` when `userHash` matches. */
  identitySecret?: string;
  /**
   * How many received requests `requests` keeps, the newest; older ones are forgotten, so a
   * long-running demo or a load test does not grow without bound.
   * @default 10000
   */
  keepRequests?: number;
}

/** One request the emulator received (control API calls excluded). */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v2/contacts`. */
  path: string;
  /** Lower-case names; the Authorization header as sent (redacted in `GET /_emulator/requests`). */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it was not JSON, or null when it was too large to keep. */
  body: unknown;
  /** `Date.now()` when it arrived. */
  receivedAt: number;
}

/** A local Featurebase contacts API, with fault injection. */
export interface Emulator {
  /** The API key it accepts. */
  readonly apiKey: string;
  /** `http://127.0.0.1:<port>` once {@link Emulator.listen} resolved. */
  readonly url: string | undefined;
  /** A node:http listener serving the API and the `/_emulator/` control API: mount it in your own server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Serves on 127.0.0.1 only.
   * @param port - the port; 0 picks a free one
   * @returns the base URL to give the handler as `baseUrl`
   */
  listen(port?: number): Promise<{ url: string }>;
  /** Stops serving, closing keep-alive connections and releasing held responses. */
  close(): Promise<void>;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** @returns every stored contact, as the API returns it */
  contacts(): EmulatedContact[];
  /** Makes the next `times` requests fail with `status` (and `Retry-After` when given). */
  fail(fault: FailFault): void;
  /** Delays every response by `ms` milliseconds (0 turns it off). */
  setLatency(ms: number): void;
  /** Destroys the connection of the next `times` requests without answering. */
  drop(times?: number): void;
  /** Holds every response until the returned function is called. */
  hold(): () => void;
  /** Forgets contacts, requests, faults and rate-limit windows. */
  reset(): void;
}

/** An emulator that is listening. */
export interface StartedEmulator extends Emulator {
  readonly url: string;
}

/** Bodies past this are refused with 413, like any API server would. */
const MAX_BODY = 1 << 20;
const VERSION = /^(\d{4}-\d{2}-\d{2})\.[a-z]+$/;
const MIN_VERSION = VERSION.exec(DEFAULT_API_VERSION)![1];

/**
 * Checks `Featurebase-Version`: the contacts endpoint exists from `2026-01-01.nova`.
 * @param version - the header
 * @returns the error to answer, if any
 */
function checkVersion(version: string | undefined) {
  if (!version) return errorBody(400, 'unsupported_version', `Send Featurebase-Version: ${DEFAULT_API_VERSION} or newer; the default version predates /v2/contacts`);
  const date = VERSION.exec(version)?.[1];
  if (!date) return errorBody(400, 'invalid_version', `Featurebase-Version "${version}" is not a version such as ${DEFAULT_API_VERSION}`);
  if (date < MIN_VERSION) return errorBody(400, 'unsupported_version', `/v2/contacts needs Featurebase-Version ${DEFAULT_API_VERSION} or newer, not ${version}`);
}

/**
 * Creates an emulator of Featurebase's `POST /v2/contacts`: Bearer auth, `Featurebase-Version`,
 * validation with the SDK's schema, upsert (201/200), rate limits, and injectable faults.
 * @param options - the key, the rate limit, the identity secret
 * @returns the emulator, not yet listening (see `listen`, or mount `handle`)
 * @example
 * const emulator = createEmulator();
 * const { url } = await emulator.listen();
 * const handler = createIdentifyHandler({ apiKey: emulator.apiKey, baseUrl: url, resolveUser });
 */
export function createEmulator({ apiKey = 'fb_test_key', rateLimit = 2000, identitySecret, keepRequests = 10_000 }: EmulatorOptions = {}): Emulator {
  const store = createStore(identitySecret);
  const limiter = createRateLimiter(rateLimit);
  const faults = createFaults();
  const requests: RecordedRequest[] = [];
  let server: Server | undefined;
  let url: string | undefined;

  async function serveApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    let bytes: Uint8Array | undefined;
    let json: { value: unknown } | undefined;
    try {
      bytes = await readBody(nodeBodyStream(req), MAX_BODY, req.headers['content-length'], BODY_TIMEOUT_MS);
      json = { value: parseJson(bytes) };
    } catch {
      // Recorded as it came; answered below, after the faults.
    }
    const body = json ? json.value : bytes ? new TextDecoder().decode(bytes) : null;
    requests.push({ method: req.method || 'GET', path: req.url || '/', headers: flatHeaders(req.headers), body, receivedAt: Date.now() });
    if (requests.length > keepRequests) requests.splice(0, requests.length - keepRequests);

    await faults.delay();
    if (faults.takeDrop()) return void req.socket.destroy();
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization || '')?.[1] || '';
    const limit = limiter.take(token);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => sendJson(req, res, status, body, { ...limit.headers, ...headers });

    const failure = faults.takeFailure();
    if (failure) {
      const { status, retryAfter } = failure;
      const headers: Record<string, string> = retryAfter == null ? {} : { 'retry-after': String(retryAfter) };
      if (status == 429) headers['x-ratelimit-remaining'] = '0';
      return send(status, errorBody(status, status == 429 ? 'rate_limit_exceeded' : 'injected_failure', `Injected failure (${status})`), headers);
    }
    if (path != '/v2/contacts') return send(404, errorBody(404, 'not_found', `No route ${req.method} ${path}`));
    if (req.method != 'POST') return send(405, errorBody(405, 'method_not_allowed', `${req.method} ${path} is not allowed`), { allow: 'POST' });
    if (!limit.allowed) {
      return send(429, errorBody(429, 'rate_limit_exceeded', `More than ${rateLimit} requests this minute`), { 'retry-after': String(limit.retryAfter) });
    }
    if (!token) return send(401, errorBody(401, 'missing_api_key', 'Send Authorization: Bearer <your secret API key>'));
    if (token !== apiKey) return send(401, errorBody(401, 'invalid_api_key', 'The API key is not valid'));
    const versionError = checkVersion(req.headers['featurebase-version'] as string | undefined);
    if (versionError) return send(400, versionError);
    if (!bytes) return send(413, errorBody(413, 'body_too_large', `The request body exceeds ${MAX_BODY} bytes`));
    if (!json) return send(400, errorBody(400, 'invalid_json', 'The request body is not valid JSON'));
    try {
      const { status, contact } = store.upsert(validateContact(json.value));
      send(status, contact);
    } catch (error) {
      if (!isFeaturebaseError(error)) throw error;
      const { message } = error.issues[0];
      send(400, errorBody(400, 'invalid_parameter', `${error.param}: ${message}`, error.param));
    }
  }

  const emulator: Emulator = {
    apiKey,
    get url() {
      return url;
    },
    requests,
    handle(req, res) {
      const path = new URL(req.url || '/', 'http://127.0.0.1').pathname;
      const serving = path.startsWith('/_emulator/') ? serveControl(control, req, res, path) : serveApi(req, res, path);
      serving.catch(() => sendJson(req, res, 500, errorBody(500, 'internal_error', 'The emulator failed')));
    },
    async listen(port = 0) {
      const listening = (server ??= createServer(emulator.handle));
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, '127.0.0.1', () => resolve());
      });
      url = `http://127.0.0.1:${(listening.address() as { port: number }).port}`;
      return { url };
    },
    async close() {
      faults.release();
      const closing = server;
      server = url = undefined;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    contacts: () => store.list(),
    fail: faults.fail,
    setLatency: faults.setLatency,
    drop: faults.drop,
    hold: faults.hold,
    reset() {
      store.clear();
      limiter.clear();
      faults.reset();
      requests.length = 0;
    },
  };
  const control = { requests, contacts: emulator.contacts, faults, reset: emulator.reset };
  return emulator;
}

/**
 * Creates an emulator and starts it on 127.0.0.1.
 * @param options - see {@link EmulatorOptions}
 * @param port - the port; 0 picks a free one
 * @returns the listening emulator, with its `url`
 * @example
 * const emulator = await startEmulator();
 * // ... run the handler against emulator.url, then:
 * expect(emulator.contacts()).toHaveLength(1);
 * await emulator.close();
 */
export async function startEmulator(options?: EmulatorOptions, port = 0): Promise<StartedEmulator> {
  const emulator = createEmulator(options);
  await emulator.listen(port);
  return emulator as StartedEmulator;
}
