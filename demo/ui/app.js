// The demo page's behaviour, shared by the script-tag and SPA pages: only the SDK differs.
import { fillIdentity, FormError, manageCompanies, readContact } from './contact-form.js';
import { $, request } from './dom.js';
import { createEmulatorPanel } from './emulator-panel.js';
import { createResults } from './results.js';
import { createSessionPanel } from './session-panel.js';

/**
 * @typedef {import('featurebase-identify').ContactInput} ContactInput
 * @typedef {import('featurebase-identify').DeliveryState} DeliveryState
 */

/**
 * The SDK as a page sees it: the script-tag global (maybe still the stub) or the ESM import.
 * @typedef {object} DemoSdk
 * @property {(contact: ContactInput, options: { force?: boolean }, callback: import('featurebase-identify').IdentifyCallback) => unknown} identify
 * @property {() => unknown} reset
 * @property {(event: 'state', listener: (state: DeliveryState) => void) => unknown} on
 * @property {() => boolean} loaded - false while the script-tag page still has only the stub
 * @property {() => string} describe - which build, and whether it has loaded
 * @property {(listener: () => void) => void} [whenLoaded]
 */

/**
 * @param {DeliveryState} state
 * @returns {string} e.g. "retrying (attempt 2 in 1.5 s)"
 */
function describeState({ state, attempt, retryAt }) {
  if (state == 'retrying' && retryAt) return `retrying (attempt ${attempt} in ${Math.max(0, (retryAt - Date.now()) / 1000).toFixed(1)} s)`;
  return attempt && attempt > 1 ? `${state} (attempt ${attempt})` : state;
}

/**
 * Wires the page to an SDK.
 * @param {DemoSdk} sdk
 */
export async function mountDemo(sdk) {
  /** @type {HTMLFormElement} */
  const form = $('#contact-form');
  const results = createResults($('#results'), $('#no-results'));
  const emulator = createEmulatorPanel($('#emulator'));
  const showSdk = () => ($('#sdk-status').textContent = `SDK: ${sdk.describe()}`);

  $(`[data-page-link="${document.body.dataset.page}"]`).setAttribute('aria-current', 'page');
  showSdk();
  sdk.whenLoaded?.(showSdk);
  sdk.on('state', (state) => ($('#delivery-state').textContent = `Delivery: ${describeState(state)}`));
  manageCompanies($('#companies'), $('#company-template'), $('#add-company'));
  $('#reload-delayed').addEventListener('click', () => location.assign('/?delay=5000'));

  const { body: session } = await request('/api/session');
  $('#upstream').textContent = `Upstream: ${session.upstream.label}`;
  const emulated = session.upstream.kind == 'emulator';
  $('#emulator-controls').hidden = !emulated;
  $('#emulator-off').hidden = emulated;
  const refresh = () => (emulated ? emulator.refresh() : Promise.resolve());
  createSessionPanel({ samples: session.samples, user: session.user, onUser: (user) => fillIdentity(form, user), reset: sdk.reset });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let contact;
    try {
      contact = readContact(form);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return results.start(null)(error);
    }
    const settle = results.start(contact, sdk.loaded() ? '' : '(queued before the SDK loaded)');
    // As the form has it, unchecked: the SDK's validation is what the demo shows.
    sdk.identify(/** @type {ContactInput} */ (contact), { force: /** @type {HTMLInputElement} */ (form.elements.namedItem('force')).checked }, (error, result) => {
      settle(error, result);
      showSdk();
      refresh();
    });
    showSdk();
  });
  await refresh();
}
