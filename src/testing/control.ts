import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { readBody } from '../server/body.js';
import { errorBody } from '../server/errors.js';
import { parseJson } from '../server/json.js';
import { nodeBodyStream } from '../server/node.js';
import type { EmulatedContact } from './store.js';
import { FaultSettings, type createFaults } from './faults.js';
import { BODY_TIMEOUT_MS, sendJson } from './http.js';
import type { RecordedRequest } from './emulator.js';

/** What the control API reaches into. */
export interface ControlTarget {
  requests: RecordedRequest[];
  contacts(): EmulatedContact[];
  faults: ReturnType<typeof createFaults>;
  reset(): void;
}

// A local test tool: a page of this machine (a demo on another port) may drive it; no other.
const CORS = { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type' };

/** 127.0.0.1, localhost or [::1], with or without a port. */
const LOOPBACK = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * Tells whether a request comes to this machine's name, from a page of this machine (or from no
 * page). A page of another site that made its own host name resolve to 127.0.0.1 (DNS
 * rebinding) sends that name as `Host`; a page of another site calling 127.0.0.1 sends its
 * `Origin`: either would otherwise read the stored contacts and inject faults.
 * @param req - the request
 * @returns the loopback origin to allow in CORS ('' when there is none), or undefined to refuse
 */
function loopbackOrigin(req: IncomingMessage): string | undefined {
  if (!LOOPBACK.test(req.headers.host || '')) return;
  const origin = req.headers.origin;
  if (origin == null) return '';
  try {
    const { protocol, host } = new URL(origin);
    if (protocol == 'http:' && LOOPBACK.test(host)) return origin;
  } catch {
    // Not a URL ('null'): refused below.
  }
}

/**
 * Hides the credential of an Authorization header, keeping its scheme: `Bearer ***`.
 * @param request - a recorded request
 * @returns a copy safe to show
 */
const redact = (request: RecordedRequest): RecordedRequest => {
  const { authorization } = request.headers;
  if (authorization == null) return request;
  return { ...request, headers: { ...request.headers, authorization: authorization.replace(/^(\S+\s+)?[\s\S]*$/, '$1***') } };
};

/**
 * Serves the emulator's control API under `/_emulator/`: GET `contacts` and `requests`,
 * POST `faults` (`{ fail?, latencyMs?, drop?, hold? }`) and `reset`. No API key needed (the key
 * is never shown), but only for `Host` 127.0.0.1, localhost or [::1] and pages of those: 403 otherwise.
 * @param target - the emulator's state
 * @param req - the request
 * @param res - the response
 * @param path - the URL path
 */
export async function serveControl(target: ControlTarget, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const origin = loopbackOrigin(req);
  if (origin === undefined) return sendJson(req, res, 403, errorBody(403, 'not_local', 'The emulator control API answers requests to 127.0.0.1, localhost or [::1] from pages of this machine only'));
  const send = (status: number, body?: unknown) => sendJson(req, res, status, body, origin ? { ...CORS, 'access-control-allow-origin': origin, vary: 'Origin' } : CORS);
  const route = `${req.method} ${path}`;
  if (req.method == 'OPTIONS') return send(204);
  if (route == 'GET /_emulator/contacts') return send(200, target.contacts());
  if (route == 'GET /_emulator/requests') return send(200, target.requests.map(redact));
  if (route == 'POST /_emulator/reset') return void (target.reset(), send(204));
  if (route != 'POST /_emulator/faults') return send(404, errorBody(404, 'not_found', `The emulator has no ${route}`));
  let settings: FaultSettings;
  try {
    // Any content type: a page can then post text/plain and skip the CORS preflight.
    settings = v.parse(FaultSettings, parseJson(await readBody(nodeBodyStream(req), 4096, req.headers['content-length'], BODY_TIMEOUT_MS)));
  } catch (error) {
    return send(400, errorBody(400, 'invalid_faults', error instanceof Error ? error.message : 'Invalid faults'));
  }
  target.faults.apply(settings);
  send(200, target.faults.state());
}
