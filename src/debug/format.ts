import type { FeaturebaseError } from '../errors.js';
import type { DeliveryState } from '../events.js';
import type { IdentifyResult } from '../transport.js';

/** One line of the panel's log. */
export interface LogEntry {
  /** When it happened (ms since the epoch). */
  at: number;
  /** The outcome: `created`, `updated`, `unchanged`, `superseded`, `reset` or `error <code>`. */
  outcome: string;
  /** Why, in plain words. */
  detail: string;
  tone: 'ok' | 'muted' | 'error';
}

/** @returns "24 h", "5 min" or "30 s" */
export const duration = (ms: number) =>
  ms >= 36e5 ? Math.round(ms / 36e5) + ' h' : ms >= 6e4 ? Math.round(ms / 6e4) + ' min' : Math.round(ms / 1e3) + ' s';

/** @returns the clock time of `at`, e.g. "14:03:07" */
export const clock = (at: number) => new Date(at).toLocaleTimeString();

/**
 * Describes a settled identify.
 * @param result - what the `identify` event carried
 * @param dedupeMs - the dedupe window in force, to explain an `unchanged`
 */
export function describeResult({ status, contact }: IdentifyResult, dedupeMs: number): LogEntry {
  const detail = {
    created: 'new contact in Featurebase',
    updated: 'existing contact updated',
    unchanged: `not sent: the same contact was delivered within the last ${duration(dedupeMs)} (dedupe); Resend forces it`,
    superseded: 'dropped: a newer identify or a reset replaced it before delivery',
  }[status];
  const who = contact && (contact.email || contact.userId);
  return { at: Date.now(), outcome: status, detail: who ? `${detail}: ${who}` : detail, tone: status == 'created' || status == 'updated' ? 'ok' : 'muted' };
}

/**
 * Describes a failed identify: its code, the field to blame, the HTTP status and the message.
 * @param error - what the `error` event carried
 */
export function describeError(error: FeaturebaseError): LogEntry {
  const { issues = [], param, status, upstreamCode } = error;
  const field = param || (issues[0] && issues[0].path);
  // An invalid contact names its fields in the issues; the message repeats them.
  const why = issues.length
    ? issues.map((issue) => (issue.path == field ? '' : issue.path + ': ') + issue.message).join('; ')
    : error.message.replace(/^\[featurebase\] /, '');
  const parts = [field && 'field ' + field, status && 'HTTP ' + status, upstreamCode, why];
  return { at: Date.now(), outcome: 'error ' + error.code, detail: parts.filter(Boolean).join(' · '), tone: 'error' };
}

/**
 * @param delivery - the latest `state` event
 * @returns the delivery state in words, e.g. "retrying: next attempt at 14:03:07"
 */
export function describeState({ state, retryAt, attempt, restored }: DeliveryState): string {
  const text =
    state == 'retrying' && retryAt
      ? `retrying: next attempt at ${clock(retryAt)}`
      : state == 'sending' && attempt! > 1
        ? `sending (attempt ${attempt})`
        : state == 'offline'
          ? 'offline: waiting for the network'
          : state;
  return restored && state != 'idle' ? text + ', pending from a previous page' : text;
}

/**
 * Reads the rate-limit headroom the endpoint passed on, if it did.
 * @param headers - the endpoint's response headers
 * @returns e.g. "57 of 60 requests left", or undefined
 */
export function describeHeadroom(headers: Headers | undefined): string | undefined {
  const remaining = headers && headers.get('x-ratelimit-remaining');
  if (remaining == null) return;
  const limit = headers!.get('x-ratelimit-limit');
  return `${remaining}${limit == null ? '' : ' of ' + limit} requests left`;
}
