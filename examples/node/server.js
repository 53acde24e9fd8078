// featurebase-identify on node:http, or on node:http2 with TLS (TLS_CERT and TLS_KEY: PEM files),
// without a framework. The identify endpoint is createNodeHandler; everything else is `app`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createNodeHandler } from 'featurebase-identify/server';

/** A sign-in for the example: anyone may sign in as any email. Sessions live in memory. */
const sessions = new Map();
const sidOf = (cookie) => /(?:^|;\s*)sid=([\w-]+)/.exec(cookie ?? '')?.[1];
const userFromCookie = (cookie) => sessions.get(sidOf(cookie)) ?? null;

const identify = createNodeHandler({
  apiKey: process.env.FEATUREBASE_API_KEY,
  baseUrl: process.env.FEATUREBASE_API_URL, // unset: Featurebase itself
  resolveUser: (_request, req) => {
    const user = userFromCookie(req.headers.cookie);
    return user ? { userId: user.id, email: user.email } : null;
  },
});

const dist = join(dirname(createRequire(import.meta.url).resolve('featurebase-identify/package.json')), 'dist');
const files = {
  '/': ['public/index.html', 'text/html; charset=utf-8'],
  '/featurebase/featurebase.umd.js': [join(dist, 'featurebase.umd.js'), 'text/javascript; charset=utf-8'],
};

/** The rest of the app: the page, the script, the session. */
async function app(req, res) {
  const path = new URL(req.url ?? '/', 'http://app').pathname;
  const send = (status, headers, body) => (res.writeHead(status, headers), res.end(body));
  if (req.method == 'GET' && files[path]) return send(200, { 'content-type': files[path][1] }, readFileSync(files[path][0]));
  if (req.method == 'GET' && path == '/me') return send(200, { 'content-type': 'application/json' }, JSON.stringify(userFromCookie(req.headers.cookie)));
  if (req.method == 'POST' && path == '/sign-in') {
    let body = '';
    for await (const chunk of req) if ((body += chunk).length > 4096) return send(413, {}, 'Too large');
    const form = new URLSearchParams(body);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    if (!email.includes('@')) return send(400, {}, 'An email is needed to sign in');
    const sid = randomBytes(18).toString('base64url');
    sessions.set(sid, { id: `usr_${email.replace(/[^a-z0-9]+/g, '_')}`, email, name: (form.get('name') ?? '').trim() });
    return send(303, { location: '/', 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` }, '');
  }
  if (req.method == 'POST' && path == '/sign-out') {
    sessions.delete(sidOf(req.headers.cookie));
    return send(303, { location: '/', 'set-cookie': 'sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0' }, '');
  }
  send(404, { 'content-type': 'text/plain' }, 'Not found');
}

const listener = (req, res) => (req.url?.startsWith('/api/featurebase/identify') ? identify(req, res) : app(req, res));
const tls = process.env.TLS_CERT && { cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY), allowHTTP1: true };
const server = tls ? createSecureServer(tls, listener) : createServer(listener);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
server.listen(port, host, () => console.log(`node:${tls ? 'http2' : 'http'} example on ${tls ? 'https' : 'http'}://${host}:${port}`));
