// featurebase-identify in a Hono app on @hono/node-server.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createIdentifyHandler } from 'featurebase-identify/server';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** A sign-in for the example: anyone may sign in as any email. Sessions live in memory. */
const sessions = new Map();

const app = new Hono();
app.use(async (c, next) => {
  c.set('user', sessions.get(getCookie(c, 'sid')) ?? null);
  await next();
});

const identify = createIdentifyHandler({
  apiKey: process.env.FEATUREBASE_API_KEY,
  baseUrl: process.env.FEATUREBASE_API_URL, // unset: Featurebase itself
  resolveUser: (_request, c) => {
    const user = c.get('user');
    return user ? { userId: user.id, email: user.email } : null;
  },
});
// Every method: the handler answers OPTIONS, and 405 with Allow to the others.
app.all('/api/featurebase/identify', (c) => identify(c.req.raw, c));

app.post('/sign-in', async (c) => {
  const form = await c.req.parseBody();
  const email = String(form.email ?? '').trim().toLowerCase();
  if (!email.includes('@')) return c.text('An email is needed to sign in', 400);
  const sid = randomBytes(18).toString('base64url');
  sessions.set(sid, { id: `usr_${email.replace(/[^a-z0-9]+/g, '_')}`, email, name: String(form.name ?? '').trim() });
  setCookie(c, 'sid', sid, { httpOnly: true, sameSite: 'Lax', path: '/' });
  return c.redirect('/', 303);
});
app.post('/sign-out', (c) => {
  sessions.delete(getCookie(c, 'sid'));
  deleteCookie(c, 'sid', { path: '/' });
  return c.redirect('/', 303);
});
app.get('/me', (c) => c.json(c.get('user')));

// The script-tag build, served from the installed package.
const dist = relative('.', dirname(createRequire(import.meta.url).resolve('featurebase-identify/package.json')) + '/dist');
app.use('/featurebase/*', serveStatic({ root: dist, rewriteRequestPath: (path) => path.replace(/^\/featurebase/, '') }));
app.use('/*', serveStatic({ root: './public' }));

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
serve({ fetch: app.fetch, port, hostname }, () => console.log(`Hono example on http://${hostname}:${port}`));
