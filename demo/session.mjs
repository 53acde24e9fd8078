// The demo's simulated sign-in: a random session id in an HttpOnly cookie, the user in memory.
// A real app has its own sessions; the proxy only needs `resolveUser` to read them.
import { randomBytes } from 'node:crypto';
import { validateContact } from '../dist/index.js';
import { readJson, sendError, sendJson } from './http.mjs';

/** People to sign in as with one click. Linus has no userId: a contact may be keyed by email alone. */
export const SAMPLE_USERS = [
  { userId: 'u_ada', email: 'ada@example.com', name: 'Ada Lovelace' },
  { userId: 'u_grace', email: 'grace@example.com', name: 'Grace Hopper' },
  { email: 'linus@example.com', name: 'Linus Torvalds' },
];

const COOKIE = 'demo_session';
// Enough for a demo; the oldest sessions go first.
const MAX_SESSIONS = 1000;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {string} the session id in the request's cookie, or ''
 */
const sessionId = (req) => new RegExp(`(?:^|;\\s*)${COOKIE}=([\\w-]+)`).exec(req.headers.cookie || '')?.[1] || '';

/** @typedef {{ userId?: string, email?: string, name?: string }} DemoUser */

/** @returns the session store and its HTTP routes */
export function createSessions() {
  /** @type {Map<string, DemoUser>} */
  const sessions = new Map();

  /**
   * @param {import('node:http').IncomingMessage} req
   * @returns {DemoUser | null} who is signed in on this request
   */
  const userOf = (req) => sessions.get(sessionId(req)) || null;

  /**
   * Signs in as `{ userId?, email?, name? }` (either identifier, checked with the SDK's own schema).
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function signIn(req, res) {
    let user;
    try {
      const { userId, email, name } = /** @type {DemoUser} */ ((await readJson(req)) || {});
      const blankToUndefined = (value) => (typeof value == 'string' && value.trim() === '' ? undefined : value);
      user = validateContact({ userId: blankToUndefined(userId), email: blankToUndefined(email), name: blankToUndefined(name) });
    } catch (error) {
      return sendError(res, 400, error.code || 'invalid_json', error.message, error.param);
    }
    const id = randomBytes(18).toString('base64url');
    sessions.set(id, user);
    if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value);
    sendJson(res, 200, { user }, { 'set-cookie': `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` });
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  function signOut(req, res) {
    sessions.delete(sessionId(req));
    sendJson(res, 204, undefined, { 'set-cookie': `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
  }

  return {
    /**
     * The proxy's `resolveUser`: the signed-in user's identifiers, or null (the proxy then answers 401).
     * @param {Request} _request
     * @param {import('node:http').IncomingMessage} req
     */
    resolveUser(_request, req) {
      const user = userOf(req);
      return user && { userId: user.userId, email: user.email };
    },
    userOf,
    signIn,
    signOut,
  };
}
