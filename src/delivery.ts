import { retryDelay } from './backoff.js';
import { settings } from './config.js';
import type { FeaturebaseError } from './errors.js';
import { emit, type DeliveryState } from './events.js';
import { LAST, PENDING, RESET, RESET_KEY, read, write } from './storage.js';
import { send, type IdentifyResult } from './transport.js';
import { dedupable, forgetToken, markSigned, passToken, unchangedResult } from './widgets.js';

/** Called once with the outcome of an identify: an error, or none and the result. */
export type Done = (error: FeaturebaseError | null | undefined, result?: IdentifyResult) => void;

/**
 * One identify on its way, as kept for the next page load: the serialized contact and its key.
 * It goes to the endpoint configured when each request is made, never to one read from storage.
 */
export interface Job {
  body: string;
  /**
   * Sent as `Idempotency-Key`, the same on every attempt and after a reload, so the proxy can
   * answer a repeat of a request it already forwarded without forwarding it again.
   */
  id: string;
  /** Left pending by a previous page of this origin. */
  restored?: boolean;
}

/** The last contact delivered, for dedupe. */
export interface Delivered {
  body: string;
  at: number;
  /** The endpoint answered it with a `featurebaseJwt`: a page without that token sends it again, for one. */
  signed?: boolean;
}

// At most one job is current: a newer identify supersedes the older one, queued or in flight.
let pending: Job | undefined;
// The callers waiting for `pending`: more than one when identical identifies joined (React StrictMode).
let waiters: Done[] = [];
// The latest identity asked for (serialized), whatever became of its delivery; at load, the one
// a previous page left pending.
let identity: string | undefined;
let busy = false;
// Ends the current wait of the delivery loop (offline or before a retry) early.
let wake = () => {};
// Set by the first identify or reset of this page: a restored delivery must not override it.
let touched = false;
// Set from pagehide to pageshow: the page is going away (or into the back/forward cache).
let leaving = false;

const superseded: IdentifyResult = { status: 'superseded' };

/**
 * Calls back the pending job's callers (or `callers`, when nothing is pending and so `waiters` is
 * empty) once, and announces the outcome.
 */
function settle(error: FeaturebaseError | null | undefined, result?: IdentifyResult, callers = waiters) {
  waiters = [];
  // Featurebase's runtime first: what the callers do next (their widget commands) comes after it.
  passToken(settings.widgets, result?.featurebaseJwt);
  callers.forEach((done) => done(error, result));
  if (error) emit('error', error);
  else emit('identify', result!);
}

const sleep = (ms?: number) =>
  new Promise<void>((resolve) => {
    wake = resolve;
    if (ms !== undefined) setTimeout(resolve, ms);
  });

/** Listens to what the delivery must react to. Once a page: the entries call it at load, via {@link resume}. */
function listen() {
  addEventListener('online', () => wake());
  // Leaving the page, or maybe never coming back to it: stop waiting and send now, with
  // keepalive, while the page can. Once it is leaving, a retry that a failure started then is not
  // sent early: that failure is the unload cutting off a keepalive request, which goes on.
  addEventListener('pagehide', () => {
    leaving = true;
    wake();
  });
  addEventListener('pageshow', () => (leaving = false));
  addEventListener('visibilitychange', () => document.hidden && !leaving && wake());
  addEventListener('storage', (event) => event.key == RESET_KEY && forget());
}

/**
 * The last contact delivered while it counts for dedupe; once older than `dedupeMs`, forgotten,
 * in storage too.
 */
function delivered(): Delivered | undefined {
  const last = read<Delivered>(LAST);
  if (last && Date.now() - last.at < settings.dedupeMs) return last;
  if (last) write(LAST);
}

// One loop delivers the current job: it waits while offline (costing no attempt), retries what
// is retryable within the caps, and drops the outcome of a job superseded meanwhile.
async function pump() {
  if (busy) return;
  busy = true;
  let job: Job | undefined;
  let n = 0;
  let start = 0;
  const state = (name: DeliveryState['state'], retryAt?: number) =>
    emit('state', { state: name, attempt: n, retryAt, restored: job?.restored });
  while (pending) {
    if (job != pending) {
      job = pending;
      n = 0;
      start = Date.now();
    }
    if (!navigator.onLine) {
      state('offline');
      await sleep();
      continue;
    }
    n++;
    state('sending');
    let result: IdentifyResult | undefined;
    let error: FeaturebaseError | undefined;
    let delay: number | undefined;
    try {
      result = await send(job);
    } catch (caught: any) {
      error = caught;
      delay = retryDelay(caught, n);
    }
    if (job != pending) continue;
    if (error && !navigator.onLine) n--;
    else if (error && delay !== undefined && n < settings.attempts && Date.now() + delay - start <= settings.retryWithinMs) {
      state('retrying', Date.now() + delay);
      await sleep(delay);
    } else {
      pending = undefined;
      // Delivered or refused for good: forget it. Out of attempts: kept for the next page load.
      if (delay === undefined) write(PENDING);
      if (result && settings.dedupeMs) write(LAST, markSigned({ body: job.body, at: Date.now() }, result));
      settle(error, result);
    }
  }
  busy = false;
  state('idle');
}

/**
 * Makes `job` the one to deliver, superseding any older one, and starts delivering.
 * @param job - the new identify
 * @param callers - who waits for it
 */
function deliver(job: Job, callers: Done[]): void {
  touched = true;
  if (pending) settle(null, superseded);
  pending = job;
  waiters = callers;
  identity = job.body;
  wake();
  // The request leaves first (pump runs up to fetch() synchronously); storing the job for the
  // next page load follows in the same task, so nothing can happen in between.
  pump();
  write(PENDING, job);
  // Whatever becomes of this one, the older contact is no longer the last word: no dedupe
  // against it, and no next page taking it for the identity.
  write(LAST);
}

/**
 * Takes what a previous page of this origin left undelivered, now, and returns a function that
 * forgets an expired last delivery and sends the undelivered one, to the endpoint configured by
 * then, unless this page has identified or reset meanwhile.
 */
export function resume(): () => void {
  // Listening from load on also spares the first identify the cost of adding listeners.
  listen();
  const saved = read<Job>(PENDING);
  identity = saved?.body;
  return () => {
    delivered();
    if (saved && !touched) deliver({ ...saved, restored: true }, []);
  };
}

/** Forgets the identity, the pending delivery and the dedupe memory of this tab. */
function forget() {
  touched = true;
  const had = pending;
  pending = identity = undefined;
  write(PENDING);
  write(LAST);
  if (had) settle(null, superseded);
  wake();
  forgetToken();
  emit('reset');
}

/**
 * Logs out: forgets the current identity, pending deliveries and dedupe memory, in this tab and
 * in this origin's other open tabs. A request already in flight finishes, but its outcome is
 * dropped; pending identifies resolve `superseded`.
 * @example
 * await signOut(); Featurebase.reset();
 */
export function reset(): void {
  // Other tabs hear of it through the storage event, and forget too.
  write(RESET, Date.now());
  forget();
}

/**
 * Takes a new identify: joins an identical one not yet delivered (React StrictMode's double
 * effects), answers `unchanged` when it equals the last delivery within `dedupeMs` and nothing
 * is under way, or else delivers it, superseding whatever is pending. `force` skips both.
 * @param body - the serialized, validated contact
 * @param force - send even if dedupe would answer
 * @param done - called once with the outcome
 */
export function submit(body: string, force: boolean | undefined, done: Done): void {
  // A contact delivered with a widgets' token is unchanged only where this page has that token.
  const last = !force && !pending && !busy && dedupable(delivered());
  if (!force && pending?.body == body) waiters.push(done);
  else if (last && last.body == body) {
    identity = body;
    settle(null, unchangedResult(body), [done]);
  } else deliver({ body, id: Math.random() + '' }, [done]);
}

/**
 * @returns the latest identity this page asked for, else the one a previous page left pending or
 * delivered within `dedupeMs`; null before any and after reset
 */
export const getIdentity = (): object | null => JSON.parse(identity || delivered()?.body || 'null');
