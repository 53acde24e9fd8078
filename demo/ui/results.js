// The log of identify calls, newest first: each entry starts pending and settles once.
import { h, pretty, request } from './dom.js';

/** @type {Record<string, string>} */
const EXPLAIN = {
  created: 'Featurebase created the contact (201).',
  updated: 'Featurebase updated the contact.',
  unchanged: 'The same contact was delivered within 24 h: nothing was sent. Tick "Force" to send anyway.',
  superseded: 'A newer identify, or reset(), replaced this call before its outcome counted.',
};

/**
 * The widgets' token beside the contact Featurebase stored: its claims, as the demo server
 * verified them with the proxy's JWT secret (filled in when they arrive).
 * @param {{ contact?: object, featurebaseJwt: string }} result
 * @returns {HTMLElement}
 */
function describeToken(result) {
  const claims = h('pre', { class: 'claims' }, 'verifying…');
  request('/api/featurebase-jwt', { token: result.featurebaseJwt }).then(
    ({ ok, body }) => (claims.textContent = ok ? pretty(body.claims) : `refused: ${body.error.message}`),
    (error) => (claims.textContent = `not verified: ${error.message}`),
  );
  return h(
    'div',
    { class: 'token' },
    h('div', {}, h('p', { class: 'muted' }, 'Featurebase stored (contacts API)'), h('pre', {}, result.contact ? pretty(result.contact) : '(unchanged: not sent again)')),
    h('div', {}, h('p', { class: 'muted' }, 'featurebaseJwt claims (the widgets\' identity), verified'), claims),
  );
}

/**
 * @param {{ status: string, contact?: { id?: string }, featurebaseJwt?: string }} result
 * @returns {Node[]} what to show of a successful call
 */
function describeResult(result) {
  const lines = [h('p', {}, EXPLAIN[result.status] || '')];
  if (result.contact) lines.push(h('p', { class: 'muted' }, `Contact id ${result.contact.id}`));
  if (result.featurebaseJwt) lines.push(describeToken({ contact: result.contact, featurebaseJwt: result.featurebaseJwt }));
  return lines;
}

/**
 * An SDK error, or the form's own (custom fields that are not JSON).
 * @typedef {{ code: string, status?: number, upstreamCode?: string, param?: string, message: string, issues?: readonly { path: string, message: string }[] }} DemoError
 */

/**
 * @param {DemoError} error
 * @returns {Node[]} the error's code, HTTP status, Featurebase's code, field, message and issues
 */
function describeError(error) {
  const facts = [error.code, error.status, error.upstreamCode, error.param].filter((fact) => fact != null).join(' · ');
  const lines = [h('p', { class: 'error-code' }, facts), h('p', {}, error.message)];
  const issues = error.issues || [];
  if (issues.length) lines.push(h('ul', { class: 'issues' }, ...issues.map((issue) => h('li', {}, h('code', {}, issue.path), ': ', issue.message))));
  return lines;
}

/**
 * @param {HTMLOListElement} list
 * @param {HTMLElement} emptyHint - hidden once there is an entry
 */
export function createResults(list, emptyHint) {
  let count = 0;
  return {
    /**
     * Adds a pending entry for one call.
     * @param {Record<string, unknown> | null} contact - what is sent (null when the form could not build it)
     * @param {string} [note] - e.g. "queued before the SDK loaded"
     * @returns {(error: DemoError | null, result?: import('featurebase-identify').IdentifyResult) => void} settles the entry, once
     */
    start(contact, note) {
      const pill = h('strong', { class: 'pill' }, 'pending');
      const who = contact && (contact.name || contact.userId || contact.email);
      const item = h(
        'li',
        { 'data-status': 'pending' },
        h('p', { class: 'call' }, pill, ` #${++count} identify`, who ? ` ${who}` : '', note ? h('small', {}, ` ${note}`) : null),
      );
      const sent = contact && h('details', {}, h('summary', {}, 'sent'), h('pre', {}, pretty(contact)));
      list.prepend(item);
      emptyHint.hidden = true;
      return (error, result) => {
        // An identify callback has a result whenever it has no error.
        const [status, lines] = error ? ['error', describeError(error)] : result ? [result.status, describeResult(result)] : ['error', []];
        item.dataset.status = status;
        pill.textContent = status;
        item.append(...lines, ...(sent ? [sent] : []));
      };
    },
  };
}
