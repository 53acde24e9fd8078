// Where the proxy forwards: the bundled emulator by default, Featurebase itself when
// FEATUREBASE_API_KEY is set. The key stays in this process: no route of the demo returns it.
import { randomBytes } from 'node:crypto';
import { startEmulator } from 'featurebase-identify/testing';
import { sendError } from './http.mjs';

/**
 * @typedef {object} Upstream
 * @property {'emulator' | 'featurebase'} kind
 * @property {string} label - what the page shows: which upstream, never the key
 * @property {string} apiKey
 * @property {string | undefined} baseUrl
 * @property {string | undefined} identitySecret
 * @property {string | undefined} jwtSecret - signs the widgets' featurebaseJwt (the proxy's jwtSecret)
 * @property {import('featurebase-identify/testing').StartedEmulator | undefined} emulator
 */

/**
 * Picks the upstream from the environment.
 * - `FEATUREBASE_API_KEY` (and optionally `FEATUREBASE_API_URL`, `FEATUREBASE_IDENTITY_SECRET`,
 *   `FEATUREBASE_JWT_SECRET`): Featurebase.
 * - otherwise an emulator on a free 127.0.0.1 port, with the key `DEMO_API_KEY` (random when unset),
 *   a random identity secret, so contacts come back `verified`, and the JWT secret `DEMO_JWT_SECRET`
 *   (random when unset).
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<Upstream>}
 */
export async function createUpstream(env) {
  if (env.FEATUREBASE_API_KEY) {
    const baseUrl = env.FEATUREBASE_API_URL || undefined;
    return {
      kind: 'featurebase',
      label: `Featurebase (${baseUrl ? new URL(baseUrl).host : 'do.featurebase.app'}), with FEATUREBASE_API_KEY`,
      apiKey: env.FEATUREBASE_API_KEY,
      baseUrl,
      identitySecret: env.FEATUREBASE_IDENTITY_SECRET || undefined,
      jwtSecret: env.FEATUREBASE_JWT_SECRET || undefined,
      emulator: undefined,
    };
  }
  const identitySecret = randomBytes(32).toString('hex');
  const emulator = await startEmulator({ apiKey: env.DEMO_API_KEY || `fb_demo_${randomBytes(16).toString('hex')}`, identitySecret });
  const jwtSecret = env.DEMO_JWT_SECRET || randomBytes(32).toString('hex');
  return { kind: 'emulator', label: 'the local Featurebase emulator', apiKey: emulator.apiKey, baseUrl: emulator.url, identitySecret, jwtSecret, emulator };
}

// The emulator's control routes the page may use, under /emulator/ on the demo's own origin.
const CONTROL_ROUTES = new Set(['GET /emulator/contacts', 'GET /emulator/requests', 'POST /emulator/faults', 'POST /emulator/reset']);

/**
 * Hands `/emulator/{contacts,requests,faults,reset}` to the emulator's control API
 * (`/_emulator/...`), in process. Nothing else of the emulator is reachable through the demo,
 * and nothing at all when the upstream is Featurebase.
 * @param {Upstream} upstream
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path
 */
export function serveEmulatorControl(upstream, req, res, path) {
  const route = `${req.method} ${path}`;
  if (!upstream.emulator || !CONTROL_ROUTES.has(route)) return sendError(res, 404, 'not_found', `No route ${route}`);
  req.url = '/_' + path.slice(1);
  upstream.emulator.handle(req, res);
}
