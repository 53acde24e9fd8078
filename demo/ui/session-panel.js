// The simulated sign-in: sample users, a custom one, sign out.
import { $, h, request } from './dom.js';

/** @typedef {{ userId?: string, email?: string, name?: string, companyIds?: string[] }} DemoUser */

/**
 * @param {DemoUser} user
 * @returns {string} e.g. "Ada Lovelace (u_ada, ada@example.com), member of acme"
 */
const describe = (user) => {
  const who = `${user.name || user.email || user.userId} (${[user.userId, user.email].filter(Boolean).join(', ')})`;
  const companies = user.companyIds || [];
  return `${who}, ${companies.length ? `member of ${companies.join(', ')}` : 'member of no company'}`;
};

/**
 * @param {{ samples: DemoUser[], user: DemoUser | null, onUser(user: DemoUser | null): void, reset(): void }} options
 *   `reset` is the SDK's: a different person must not inherit the last one's identity.
 */
export function createSessionPanel({ samples, user, onUser, reset }) {
  const status = $('#signed-in');
  const signOutButton = $('#sign-out');
  let current = user;

  /** @param {DemoUser | null} next */
  const show = (next) => {
    current = next;
    status.textContent = next ? `Signed in as ${describe(next)}` : 'Not signed in.';
    signOutButton.disabled = !next;
    onUser(next);
  };

  /** @param {DemoUser} next */
  async function signIn(next) {
    if (current) reset();
    const { ok, body } = await request('/api/session', next);
    if (ok) return show(body.user);
    status.textContent = `Could not sign in: ${body.error.param ? body.error.param + ': ' : ''}${body.error.message}`;
  }

  $('#samples').replaceChildren(...samples.map((sample) => {
    const button = h('button', { type: 'button' }, `Sign in as ${sample.name}`);
    button.addEventListener('click', () => signIn(sample));
    return button;
  }));
  /** @type {HTMLFormElement} */
  const customSignIn = $('#custom-sign-in');
  customSignIn.addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(Object.fromEntries(/** @type {Iterable<[string, string]>} */ (new FormData(customSignIn))));
  });
  signOutButton.addEventListener('click', async () => {
    await fetch('/api/session', { method: 'DELETE' });
    reset();
    show(null);
  });
  show(user);
}
