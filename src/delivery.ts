import { retryDelay } from './backoff.js';
import { config } from './config.js';
import type { FeaturebaseError } from './errors.js';
import { emit, type DeliveryState } from './events.js';
import { LAST, PENDING, RESET, read, remove, storageKey, write } from './storage.js';
import { send, type IdentifyResult } from './transport.js';

type Done = (error: FeaturebaseError | null, result?: IdentifyResult) => void;

/** One identify on its way: the serialized contact, where it goes, and who waits for it. */
export interface Job {
  body: string;
  endpoint: string;
  /**
   * Sent as `Idempotency-Key`, the same on every attempt and after a reload, so the proxy can
   * answer a repeat of a request it already forwarded without forwarding it again.
   */
  id: string;
  /** The callers waiting; more than one when identical identifies joined (React StrictMode). */
  waiters: Done[];
  /** Left pending by a previous page of this origin. */
  restored?: boolean;
}

/** The last contact delivered, for dedupe. */
export interface Delivered {
  body: string;
  at: number;
}

// At most one job is current: a newer identify supersedes the older one, queued or in flight.
let pending: Job | undefined;
// The latest identity asked for (serialized), whatever became of its delivery.
let identity: string | undefined;
let busy = false;
let wake: (() => void) | undefined;
let listening = false;
// Set by the first identify or reset of this page: a restored delivery must not override it.
let touched = false;

const superseded: IdentifyResult = { status: 'superseded' };

function settle(job: Job | undefined, error: FeaturebaseError | null, result?: IdentifyResult) {
  if (!job) return;
  job.waiters.forEach((done) => done(error, result));
  job.waiters = [];
  if (error) emit('error', error);
  else emit('identify', result!);
}

const sleep = (ms?: number) =>
  new Promise<void>((resolve) => {
    wake = resolve;
    if (ms !== undefined) setTimeout(resolve, ms);
  });

function listen() {
  if (listening) return;
  listening = true;
  const nudge = () => wake && wake();
  addEventListener('online', nudge);
  // Leaving the page: stop waiting and send now, with keepalive, while the page can.
  addEventListener('pagehide', nudge);
  addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && nudge());
  addEventListener('storage', (event) => storageKey(event) == RESET && reset(false));
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
    emit('state', { state: name, attempt: n, retryAt, restored: job && job.restored });
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
    let error: FeaturebaseError | null = null;
    let delay: number | undefined;
    try {
      result = await send(job, config.headers, config.timeoutMs || 1e4);
    } catch (caught: any) {
      error = caught;
      delay = retryDelay(caught, n);
    }
    if (job != pending) continue;
    if (error && !navigator.onLine) n--;
    else if (error && delay !== undefined && n < (config.attempts || 5) && Date.now() + delay - start <= (config.retryWithinMs || 6e4)) {
      state('retrying', Date.now() + delay);
      await sleep(delay);
    } else {
      pending = undefined;
      // Delivered or refused for good: forget it. Out of attempts: kept for the next page load.
      if (delay === undefined) remove(PENDING);
      if (result) write(LAST, { body: job.body, at: Date.now() } satisfies Delivered);
      settle(job, error, result);
    }
  }
  busy = false;
  state('idle');
}

/**
 * Makes `job` the one to deliver, superseding any older one, and starts delivering.
 * @param job - the new identify
 */
export function deliver(job: Job): void {
  listen();
  touched = true;
  settle(pending, null, superseded);
  pending = job;
  identity = job.body;
  wake && wake();
  // The request leaves first (pump runs up to fetch() synchronously); storing the job for the
  // next page load follows in the same task, so nothing can happen in between.
  pump();
  write(PENDING, { body: job.body, endpoint: job.endpoint, id: job.id });
}

/**
 * Takes what a previous page of this origin left undelivered, now, and returns a function that
 * sends it unless this page has identified or reset meanwhile.
 */
export function resume(): () => void {
  // Listening from load on spares the first identify the cost of adding listeners.
  listen();
  const saved = read<Job>(PENDING);
  return () => saved && !touched && deliver({ ...saved, waiters: [], restored: true });
}

/**
 * Logs out: forgets the current identity, pending deliveries and dedupe memory, in this tab and
 * in this origin's other open tabs. A request already in flight finishes, but its outcome is
 * dropped; pending identifies resolve `superseded`.
 * @param broadcast - tell other tabs (false when reacting to another tab)
 * @example
 * await signOut(); Featurebase.reset();
 */
export function reset(broadcast?: boolean): void {
  listen();
  touched = true;
  const job = pending;
  pending = identity = undefined;
  remove(PENDING);
  remove(LAST);
  if (broadcast !== false) write(RESET, Date.now());
  settle(job, null, superseded);
  wake && wake();
  emit('reset', undefined);
}

/**
 * What a new identify with this body needs: the job it can join (same body, not yet delivered),
 * `true` when nothing is under way so dedupe may answer, or false.
 * @param body - the serialized contact
 */
export const lookup = (body: string) => (pending && pending.body == body ? pending : !pending && !busy);

/** @returns the latest identity asked for or delivered, or null after reset */
export const getIdentity = (): object | null => JSON.parse(identity || (read<Delivered>(LAST) || { body: 'null' }).body);

/** @param body - the serialized contact that is now the current identity */
export const setIdentity = (body: string) => {
  identity = body;
};

/** @returns the last contact delivered and when, for dedupe */
export const lastDelivered = () => read<Delivered>(LAST);
