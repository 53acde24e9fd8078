// The demo's simulated sign-in: a random session id in an HttpOnly cookie, the user in memory.
// A real app has its own sessions; the proxy only needs `resolveUser` to read them.
import { randomBytes } from 'node:crypto';
import { validateContact } from 'featurebase-identify';
import { readJson, sendError, sendJson } from './http.mjs';

/**
 * People to sign in as with one click, with the companies they belong to (what a real app keeps
 * in its own database). Linus has no userId: a contact may be keyed by email alone.
 */
export const SAMPLE_USERS = [
  { userId: 'u_ada', email: 'ada@example.com', name: 'Ada Lovelace', companyIds: ['acme'] },
  { userId: 'u_grace', email: 'grace@example.com', name: 'Grace Hopper', companyIds: ['globex'] },
  { email: 'linus@example.com', name: 'Linus Torvalds', companyIds: [] },
];
/** As many company memberships as the proxy lets one contact carry. */
const MAX_COMPANY_IDS = 25;

/**
 * The companies a custom sign-in belongs to: ids, as an array or comma-separated, checked with
 * the SDK's own schema (a company id is not blank, at most 500 characters).
 * @param {unknown} input
 * @returns {string[]}
 * @throws {Error} naming `companyIds` when they are not ids
 */
function readCompanyIds(input) {
  const ids = (Array.isArray(input) ? input : String(input ?? '').split(',')).map((id) => String(id).trim()).filter(Boolean);
  if (ids.length > MAX_COMPANY_IDS) throw Object.assign(new Error(`At most ${MAX_COMPANY_IDS} companies`), { code: 'invalid_parameter', param: 'companyIds' });
  for (const id of ids) validateContact({ email: 'member@example.com', companies: [{ id, name: id }] });
  return ids;
}

const COOKIE = 'demo_session';
// Enough for a demo; the oldest sessions go first.
const MAX_SESSIONS = 1000;

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {string} the session id in the request's cookie, or ''
 */
const sessionId = (req) => new RegExp(`(?:^|;\\s*)${COOKIE}=([\\w-]+)`).exec(req.headers.cookie || '')?.[1] || '';

/** @typedef {{ userId?: string, email?: string, name?: string, companyIds: string[] }} DemoUser */

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
      const { userId, email, name, companyIds } = /** @type {{ companyIds?: string | string[] } & Omit<DemoUser, 'companyIds'>} */ ((await readJson(req)) || {});
      const blankToUndefined = (/** @type {string | undefined} */ value) => (typeof value == 'string' && value.trim() === '' ? undefined : value);
      user = { ...validateContact({ userId: blankToUndefined(userId), email: blankToUndefined(email), name: blankToUndefined(name) }), companyIds: readCompanyIds(companyIds) };
    } catch (error) {
      const { code, message, param } = /** @type {{ code?: string, message: string, param?: string }} */ (error);
      return sendError(res, 400, code || 'invalid_json', message, param);
    }
    const id = randomBytes(18).toString('base64url');
    sessions.set(id, user);
    if (sessions.size > MAX_SESSIONS) sessions.delete(/** @type {string} */ (sessions.keys().next().value));
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
     * The proxy's `resolveUser`: the signed-in user's identifiers and the companies they belong
     * to, or null (the proxy then answers 401).
     * @param {Request} _request
     * @param {import('node:http').IncomingMessage} req
     */
    resolveUser(_request, req) {
      const user = userOf(req);
      return user && { userId: user.userId, email: user.email, companyIds: user.companyIds };
    },
    userOf,
    signIn,
    signOut,
  };
}
