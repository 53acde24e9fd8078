// What the emulator stored and received, and its faults: through the demo server's /emulator/ routes.
import { $, h, pretty, request } from './dom.js';

const SHOWN = 8;

/**
 * @typedef {import('featurebase-identify/testing').EmulatedContact} EmulatedContact
 * @typedef {import('featurebase-identify/testing').RecordedRequest} RecordedRequest
 */

/**
 * One stored contact or received request: a title, its key facts, and the JSON on demand.
 * @param {string | undefined} title
 * @param {unknown[]} facts - empty ones are left out
 * @param {unknown} value
 * @returns {HTMLElement}
 */
const record = (title, facts, value) =>
  h(
    'li',
    {},
    h('p', { class: 'record-title' }, h('strong', {}, String(title)), ' ', h('span', { class: 'muted' }, facts.filter(Boolean).join(' · '))),
    h('details', {}, h('summary', {}, 'JSON'), h('pre', {}, pretty(value))),
  );

/**
 * @param {unknown} body - a request's body as the emulator recorded it: JSON, text, or null
 * @returns {unknown} its userId or email
 */
const identifierOf = (body) => {
  const ids = /** @type {{ userId?: unknown, email?: unknown } | null} */ (body);
  return ids?.userId || ids?.email;
};

/**
 * @param {HTMLElement} root - the emulator section
 * @returns {{ refresh(): Promise<void> }}
 */
export function createEmulatorPanel(root) {
  const faults = $('#faults', root);

  async function refresh() {
    const [contacts, requests] = await Promise.all([request('/emulator/contacts'), request('/emulator/requests')]);
    /** @type {EmulatedContact[]} */
    const stored = contacts.body.slice(-SHOWN).reverse();
    $('#stored', root).replaceChildren(
      ...stored.map((contact) => {
        const companies = (contact.companies || []).map((company) => company.name).join(', ');
        const facts = [contact.userId, contact.email, contact.verified ? 'verified' : '', companies && `companies: ${companies}`];
        return record(contact.name || contact.email || contact.userId, facts, contact);
      }),
    );
    /** @type {RecordedRequest[]} */
    const recent = requests.body.filter((/** @type {RecordedRequest} */ r) => r.path.startsWith('/v2/contacts')).slice(-SHOWN).reverse();
    $('#requests', root).replaceChildren(
      ...recent.map((r) => record(`${r.method} ${r.path}`, [new Date(r.receivedAt).toLocaleTimeString(), identifierOf(r.body), r.headers.authorization], r.body)),
    );
  }

  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (root.querySelectorAll('[data-fault]'))) {
    button.addEventListener('click', async () => {
      const { body } = await request('/emulator/faults', JSON.parse(button.dataset.fault || '{}'));
      faults.textContent = `Faults now: ${JSON.stringify(body)}`;
    });
  }
  $('#emulator-reset', root).addEventListener('click', async () => {
    await request('/emulator/reset', {});
    faults.textContent = 'Emulator reset: no contacts, requests or faults.';
    await refresh();
  });
  $('#emulator-refresh', root).addEventListener('click', refresh);
  return { refresh };
}
