// featurebase-identify in an Express 5 app: the identify endpoint mounted before express.json()
// (the body streamed and bounded), and again after it, with the parser's errors in Featurebase's shape.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express from 'express';
import { createNodeHandler } from 'featurebase-identify/server';

/** A sign-in for the example: anyone may sign in as any email. Sessions live in memory. */
const sessions = new Map();
const sessionOf = (req) => sessions.get(/(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1]) ?? null;

const identify = createNodeHandler({
  apiKey: process.env.FEATUREBASE_API_KEY,
  baseUrl: process.env.FEATUREBASE_API_URL, // unset: Featurebase itself
  resolveUser: (_request, req) => {
    const user = sessionOf(req);
    return user ? { userId: user.id, email: user.email } : null;
  },
});

const app = express();
app.use('/api/featurebase/identify', identify);

app.use(express.json());
app.use(express.urlencoded({ extended: false }));

// After express.json(), the handler uses req.body. Bad JSON and bodies over the parser's limit
// are refused by the parser, before the handler: this keeps those answers in Featurebase's shape.
app.use('/api/parsed/featurebase/identify', identify, (error, _req, res, next) => {
  if (!error.type || !error.status || error.status >= 500) return next(error);
  const code = error.type == 'entity.too.large' ? 'body_too_large' : error.type == 'entity.parse.failed' ? 'invalid_json' : 'invalid_request';
  res.status(error.status).json({ error: { type: 'invalid_request_error', code, message: error.message, status: error.status } });
});

app.post('/sign-in', (req, res) => {
  const email = String(req.body.email ?? '').trim().toLowerCase();
  if (!email.includes('@')) return res.status(400).send('An email is needed to sign in');
  const sid = randomBytes(18).toString('base64url');
  sessions.set(sid, { id: `usr_${email.replace(/[^a-z0-9]+/g, '_')}`, email, name: String(req.body.name ?? '').trim() });
  res.cookie('sid', sid, { httpOnly: true, sameSite: 'lax', path: '/' }).redirect(303, '/');
});
app.post('/sign-out', (req, res) => {
  sessions.delete(/(?:^|;\s*)sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1]);
  res.clearCookie('sid', { path: '/' }).redirect(303, '/');
});
app.get('/me', (req, res) => res.json(sessionOf(req)));

// The script-tag build, served from the installed package.
const dist = dirname(createRequire(import.meta.url).resolve('featurebase-identify/package.json')) + '/dist';
app.use('/featurebase', express.static(dist));
app.use(express.static('public'));

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? '127.0.0.1', () => console.log(`Express example on http://${process.env.HOST ?? '127.0.0.1'}:${port}`));
