import type { ContactOutput } from '../contact.js';
import { isFeaturebaseError } from '../errors.js';
import { validateContact } from '../validate.js';
import { readBody } from './body.js';
import { checkMembership, tooManyCompanies } from './companies.js';
import { createDedupe } from './dedupe.js';
import { errorBody, jsonAnswer, misconfiguredRefusal, Refusal, refusalAnswer, toResponse, type Answer } from './errors.js';
import { forward } from './forward.js';
import { checkIdentity, fillIdentifiers, findPrivilegedField } from './guard.js';
import { createSigner, signContact } from './hmac.js';
import { createReplayCache, type Replayed } from './idempotency.js';
import { parseJson } from './json.js';
import { createLimits } from './limits.js';
import { resolveOptions, type IdentifyHandlerOptions, type ResolvedOptions } from './options.js';
import { answerPreflight, checkOrigin, methodNotAllowed } from './origin.js';
import { signedInUser, type SignedInUser } from './session.js';
import { sealStore } from './seal.js';
import { memoryStore } from './store.js';
import { createWidgetTokens } from './widget-token.js';

/**
 * A Fetch-standard request handler: a Next.js route handler, a Hono/Bun/Deno/Workers handler.
 * @param request - the incoming request
 * @param context - your framework's second argument, handed to `resolveUser` and `enrich`
 * @returns the response for the browser; never rejects
 */
export type IdentifyHandler<Context = unknown> = (request: Request, context?: Context) => Promise<Response>;

/**
 * Reads the request body for the handler, when its checks get that far.
 * @param maxBytes - the largest body accepted
 * @param timeoutMs - how long it may take to arrive
 * @returns every byte of the body
 * @throws Refusal 413 `body_too_large`, 408 `body_timeout`, 400 `body_incomplete`
 */
export type BodyReader = (maxBytes: number, timeoutMs: number) => Promise<Uint8Array>;

/**
 * {@link IdentifyHandler} with the body read by the caller and a plain answer: the node adapter
 * reads the body without a web stream and writes the answer without a Fetch `Response`.
 */
export type IdentifyResponder<Context> = (request: Request, context: Context, readBytes: BodyReader) => Promise<Answer>;

/**
 * Validates a contact, turning a failure into the 400 (or, for the server's own `enrich`, 500) to answer.
 * @param input - the contact to check
 * @param status - 400 for the browser's contact, 500 for enrich's
 * @param maxCompanies - the most companies it may carry
 * @returns the contact exactly as it will be sent
 * @throws Refusal naming the first failing field in `param`
 */
function validate(input: unknown, status: 400 | 500, maxCompanies: number): ContactOutput {
  let contact: ContactOutput;
  try {
    contact = validateContact(input);
  } catch (error) {
    if (!isFeaturebaseError(error)) throw error;
    const message = error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw invalid(status, message, error.param);
  }
  const tooMany = tooManyCompanies(contact, maxCompanies);
  if (tooMany && status == 400) throw new Refusal(400, 'too_many_companies', tooMany, 'companies');
  if (tooMany) throw invalid(status, tooMany, 'companies');
  return contact;
}

/**
 * @param status - 400 for the browser's contact, 500 for enrich's (then also logged: it is the app's bug)
 * @param message - what is wrong
 * @param param - the field to blame
 * @returns the refusal to throw
 */
function invalid(status: 400 | 500, message: string, param?: string): Refusal {
  if (status == 400) return new Refusal(400, 'invalid_parameter', message, param);
  console.error('[featurebase] enrich returned an invalid contact:', message);
  return new Refusal(500, 'invalid_enrichment', 'The server built an invalid contact', param);
}

/**
 * Who a request counts against: the signed-in user, or without one (`allowUnauthenticated`) all
 * anonymous requests together for the rate limit, and the contact's identity for dedupe.
 * @param user - the signed-in user, or null
 * @param contact - the contact to forward
 * @returns the rate-limit key and the dedupe and replay scope
 */
function scopes(user: SignedInUser | null, contact: ContactOutput): { limit: string; dedupe: string } {
  if (user) {
    const id = 'user:' + JSON.stringify([user.userId ?? null, user.email ?? null]);
    return { limit: id, dedupe: id };
  }
  return { limit: 'anonymous', dedupe: 'contact:' + JSON.stringify([contact.userId ?? null, contact.email ?? null]) };
}

/**
 * Tells whether the request says its body is JSON (`application/json`, UTF-8 if a charset is given).
 * @param contentType - the `Content-Type` header
 * @returns true for JSON
 */
function isJson(contentType: string | null): boolean {
  const [type, ...params] = (contentType || '').toLowerCase().split(';');
  const charset = params.map((param) => param.trim()).find((param) => param.startsWith('charset='));
  return type.trim() == 'application/json' && (!charset || /^charset="?utf-8"?$/.test(charset));
}

/**
 * The responder of a handler created with bad options: it answers every request 500
 * `misconfigured`, and logs why once, at the first request rather than at import, so that
 * building the app without its secrets works.
 * @param reason - what is wrong, for the app's log (never secrets: the options' names only)
 * @returns the responder
 */
function misconfigured(reason: string): IdentifyResponder<unknown> {
  let logged = false;
  return async () => {
    if (!logged) {
      logged = true;
      console.error(`[featurebase] The identify endpoint is misconfigured, and answers 500 until it is fixed: ${reason}`);
    }
    const answer = refusalAnswer(misconfiguredRefusal());
    return { ...answer, headers: { ...answer.headers, vary: 'Origin' } };
  };
}

/**
 * Creates your app's identify endpoint: checks who is asking and what they may set, then
 * forwards the contact to Featurebase with your key, which never reaches the browser.
 *
 * Checks, in order: method (405), Origin (403), content type (415), `resolveUser` (401), body
 * size and deadline while reading (413, 408), JSON (400), the contact schema and `maxCompanies`
 * (400), privileged fields (403), the session's identity (403), company membership (403). Then
 * `enrich`, the identity hashes, and the forward (Featurebase's status; 502 when it fails, 504
 * when it is slow). A repeat with the same `Idempotency-Key`, session and contact gets the first
 * answer, and the contact a user last sent gets its answer again, without a forward; forwards
 * are rate limited per user and per key (429).
 *
 * Creating it never throws, so an app builds without its secrets (`next build` in CI or Docker).
 * A configuration error (no `apiKey`; no `resolveUser` without `allowUnauthenticated`; an allowed
 * origin that is no URL) is logged once, with `[featurebase]`, and every request gets 500 `misconfigured`.
 *
 * @param options - see {@link IdentifyHandlerOptions}
 * @returns a `(request: Request, context?) => Promise<Response>` handler
 * @example
 * // app/api/featurebase/identify/route.ts (Next.js app router)
 * export const POST = createIdentifyHandler({
 *   apiKey: process.env.FEATUREBASE_API_KEY!,
 *   resolveUser: async () => {
 *     const session = await auth();
 *     return session && { userId: session.user.id, email: session.user.email };
 *   },
 * });
 */
export function createIdentifyHandler<Context = unknown>(options: IdentifyHandlerOptions<Context>): IdentifyHandler<Context> {
  const respond = createIdentifyResponder(options);
  return (request, context) =>
    respond(request, context as Context, (maxBytes, timeoutMs) => readBody(request.body, maxBytes, request.headers.get('content-length'), timeoutMs)).then(toResponse);
}

/**
 * {@link createIdentifyHandler} for adapters that read the body themselves.
 * @param options - see {@link IdentifyHandlerOptions}
 * @returns a `(request, context, readBytes) => Promise<Response>` responder
 */
export function createIdentifyResponder<Context>(options: IdentifyHandlerOptions<Context>): IdentifyResponder<Context> {
  let config: ResolvedOptions<Context>;
  try {
    config = resolveOptions(options);
  } catch (error) {
    return misconfigured(error instanceof Error ? error.message : String(error));
  }
  const sign = config.identitySecret ? createSigner(config.identitySecret) : undefined;
  // A store the app passes is shared with other machines: it gets no identifier or contact in the clear.
  const store = config.store ? sealStore(config.store, config.apiKey) : memoryStore();
  // A forward holds its Idempotency-Key for its own timeout and the store calls around it.
  const once = createReplayCache(store, config.timeoutMs + 5_000);
  const limits = createLimits(config.limits, store);
  const dedupe = createDedupe(store, config.dedupeMs);
  const addWidgetToken = config.jwtSecret ? createWidgetTokens(config.jwtSecret, config.jwtExpiresInSeconds) : undefined;

  /** Forwards once admitted by the limits, or answers from the dedupe; records the outcome. */
  async function send(contact: ContactOutput, json: string, scope: { limit: string; dedupe: string }): Promise<Replayed> {
    const known = await dedupe.find(scope.dedupe, json);
    if (known) return { ...known, replayed: true };
    const rateHeaders = await limits.admit(scope.limit);
    let answer: Answer;
    try {
      const forwarded = await forward(contact, config);
      if (forwarded.pauseMs) await limits.pause(forwarded.pauseMs);
      answer = forwarded.answer;
    } catch (error) {
      if (error instanceof Refusal) answer = refusalAnswer(error);
      else throw error;
    }
    await dedupe.record(scope.dedupe, json, answer);
    return { ...answer, headers: { ...answer.headers, ...rateHeaders } };
  }

  async function respond(request: Request, context: Context, readBytes: BodyReader, cors: Record<string, string>): Promise<Answer> {
    if (request.method == 'OPTIONS') return answerPreflight(request, config.allowedOrigins);
    if (request.method != 'POST') throw methodNotAllowed(request.method);
    Object.assign(cors, checkOrigin(request, config.allowedOrigins));
    if (!isJson(request.headers.get('content-type'))) {
      throw new Refusal(415, 'unsupported_media_type', 'Send the contact as Content-Type: application/json');
    }
    // Who asks, before reading a byte of the body: an anonymous body is never read.
    const user = config.resolveUser ? signedInUser(await config.resolveUser(request, context)) : null;
    if (!user && !config.allowUnauthenticated) throw new Refusal(401, 'unauthenticated', 'Sign in first: nobody is signed in');
    const body = parseJson(await readBytes(config.maxBodyBytes, config.bodyTimeoutMs));

    let contact = validate(fillIdentifiers(body, user), 400, config.maxCompanies);
    const privileged = findPrivilegedField(contact, config.browserMaySet);
    if (privileged) throw new Refusal(403, 'forbidden_field', `${privileged} may only be set by the server`, privileged);
    if (user) contact = checkIdentity(contact, user);
    if (contact.companies) checkMembership(contact, user);
    if (config.enrich) contact = validate(await config.enrich(contact, user, request, context), 500, config.maxCompanies);
    if (sign) contact = await signContact(contact, sign);
    const json = JSON.stringify(contact);
    const scope = scopes(user, contact);
    const { replayed, ...answer } = await once(request.headers.get('idempotency-key'), scope.dedupe, json, () => send(contact, json, scope));
    // Signed for this request's user, after the stores: a remembered answer never holds a token.
    const signed = addWidgetToken ? await addWidgetToken(answer, contact, user) : answer;
    // A replay (or a deduped answer) shows the user's rate-limit headroom now, not when it was first answered.
    return replayed ? { ...signed, headers: { ...signed.headers, ...(await limits.headers(scope.limit)) } } : signed;
  }

  return async (request, context, readBytes) => {
    const cors: Record<string, string> = {};
    let answer: Answer;
    try {
      answer = await respond(request, context, readBytes, cors);
    } catch (error) {
      if (error instanceof Refusal) answer = refusalAnswer(error);
      else {
        // resolveUser or enrich threw: the app's error, logged for the app, not shown to the browser.
        console.error('[featurebase] the identify handler failed:', error);
        answer = jsonAnswer(500, JSON.stringify(errorBody(500, 'internal_error', 'The identify endpoint failed')));
      }
    }
    // A copy: a replayed answer is shared with the request that first got it.
    return { ...answer, headers: { ...answer.headers, ...cors, vary: 'Origin' } };
  };
}
