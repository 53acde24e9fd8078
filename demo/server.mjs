// `npm run demo`: one local server with the two demo pages, the identify proxy behind a
// simulated sign-in, and the emulator (or Featurebase) as its upstream.
//   PORT                 the port on 127.0.0.1 (default 5173)
//   FEATUREBASE_API_KEY  use Featurebase instead of the emulator (FEATUREBASE_API_URL, FEATUREBASE_IDENTITY_SECRET,
//                        FEATUREBASE_JWT_SECRET optional)
//   DEMO_API_KEY         the emulator's key (random by default); e2e sets it to check it never reaches the browser
//   DEMO_JWT_SECRET      the proxy's jwtSecret with the emulator (random by default); e2e sets it likewise
import { createServer } from 'node:http';
import { rollup } from 'rollup';
import { createNodeHandler } from 'featurebase-identify/server';
import { verifyWidgetToken } from 'featurebase-identify/testing';
import { readJson, sendError, sendJson } from './http.mjs';
import { createPages } from './pages.mjs';
import { createStamp, filesUnder } from '../scripts/stamp.mjs';
import bundles from './rollup.config.mjs';
import { createSessions, SAMPLE_USERS } from './session.mjs';
import { createUpstream, serveEmulatorControl } from './upstream.mjs';

/** The pages' bundles are built from the demo's files and the SDK's ESM build (with valibot). */
const bundleStamp = createStamp('demo', {
  inputs: () => [...filesUnder('demo').filter((file) => !file.startsWith('demo/dist/')), 'dist/index.js', 'package.json', 'package-lock.json'],
  outputs: () => filesUnder('demo/dist'),
});

/** Builds the pages' bundles into demo/dist/, unless they are up to date. */
async function buildBundles() {
  if (!bundleStamp.changes().length) return;
  bundleStamp.clear();
  for (const options of bundles) {
    const bundle = await rollup({ ...options, onwarn: (warning) => console.warn(`[demo] ${warning.message}`) });
    await bundle.write(options.output);
    await bundle.close();
  }
  bundleStamp.write();
}

const port = Number(process.env.PORT) || 5173;
await buildBundles();
const upstream = await createUpstream(process.env);
const sessions = createSessions();
const servePage = createPages();
const identify = createNodeHandler({
  apiKey: upstream.apiKey,
  baseUrl: upstream.baseUrl,
  identitySecret: upstream.identitySecret,
  // Every identify's answer also carries the widgets' token, featurebaseJwt, for the signed-in user.
  jwtSecret: upstream.jwtSecret,
  resolveUser: sessions.resolveUser,
  // The page edits companies: it may send those its user belongs to (resolveUser's companyIds),
  // with every field, and no other. Every other default (limits, dedupe) is left as it is.
  browserMaySet: ['companies'],
});

/**
 * `GET /api/session`: who is signed in, whom to sign in as, and which upstream is in use.
 * `POST` signs in, `DELETE` signs out.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
function serveSession(req, res) {
  if (req.method == 'POST') return sessions.signIn(req, res);
  if (req.method == 'DELETE') return sessions.signOut(req, res);
  if (req.method != 'GET') return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed here`);
  sendJson(res, 200, { user: sessions.userOf(req), samples: SAMPLE_USERS, upstream: { kind: upstream.kind, label: upstream.label } });
}

/**
 * `POST /api/featurebase-jwt` `{ token }`: the claims of a featurebaseJwt the proxy signed, checked
 * with the demo's JWT secret as Featurebase would (verifyWidgetToken): the page shows them next
 * to the contact Featurebase stored. The secret stays here.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function serveTokenClaims(req, res) {
  if (req.method != 'POST') return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed here`);
  if (!upstream.jwtSecret) return sendError(res, 404, 'not_found', 'The proxy signs no featurebaseJwt: set FEATUREBASE_JWT_SECRET');
  let token;
  try {
    ({ token } = /** @type {{ token?: unknown }} */ (await readJson(req)));
  } catch (error) {
    return sendError(res, 400, 'invalid_body', /** @type {Error} */ (error).message);
  }
  try {
    sendJson(res, 200, { claims: await verifyWidgetToken(String(token), upstream.jwtSecret) });
  } catch (error) {
    sendError(res, 400, 'invalid_token', /** @type {Error} */ (error).message);
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url || '/', 'http://127.0.0.1');
  try {
    if (url.pathname == '/api/featurebase/identify') return identify(req, res);
    if (url.pathname == '/api/session') return await serveSession(req, res);
    if (url.pathname == '/api/featurebase-jwt') return await serveTokenClaims(req, res);
    if (url.pathname.startsWith('/emulator/')) return serveEmulatorControl(upstream, req, res, url.pathname);
    await servePage(req, res, url);
  } catch (error) {
    console.error('[demo]', error);
    if (!res.headersSent) sendError(res, 500, 'internal_error', 'The demo server failed');
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`featurebase-identify demo: http://127.0.0.1:${port}/  (SPA: /spa; upstream: ${upstream.label})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    server.closeAllConnections();
    server.close();
    await upstream.emulator?.close();
    process.exit(0);
  });
}
