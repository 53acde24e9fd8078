import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { readBody } from '../server/body.js';
import { errorBody } from '../server/errors.js';
import { parseJson } from '../server/json.js';
import { nodeBodyStream } from '../server/node.js';
import type { EmulatedContact } from './store.js';
import { FaultSettings, type createFaults } from './faults.js';
import { sendJson } from './http.js';
import type { RecordedRequest } from './emulator.js';

/** What the control API reaches into. */
export interface ControlTarget {
  requests: RecordedRequest[];
  contacts(): EmulatedContact[];
  faults: ReturnType<typeof createFaults>;
  reset(): void;
}

// A local test tool: any page may drive it, so a demo page on another port can inject faults.
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type' };

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
 * POST `faults` (`{ fail?, latencyMs?, drop?, hold? }`) and `reset`. No API key needed;
 * the key is never shown.
 * @param target - the emulator's state
 * @param req - the request
 * @param res - the response
 * @param path - the URL path
 */
export async function serveControl(target: ControlTarget, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const send = (status: number, body?: unknown) => sendJson(req, res, status, body, CORS);
  const route = `${req.method} ${path}`;
  if (req.method == 'OPTIONS') return send(204);
  if (route == 'GET /_emulator/contacts') return send(200, target.contacts());
  if (route == 'GET /_emulator/requests') return send(200, target.requests.map(redact));
  if (route == 'POST /_emulator/reset') return void (target.reset(), send(204));
  if (route != 'POST /_emulator/faults') return send(404, errorBody(404, 'not_found', `The emulator has no ${route}`));
  let settings: FaultSettings;
  try {
    // Any content type: a page can then post text/plain and skip the CORS preflight.
    settings = v.parse(FaultSettings, parseJson(await readBody(nodeBodyStream(req), 4096)));
  } catch (error) {
    return send(400, errorBody(400, 'invalid_faults', error instanceof Error ? error.message : 'Invalid faults'));
  }
  target.faults.apply(settings);
  send(200, target.faults.state());
}
