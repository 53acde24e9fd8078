// The contacts every benchmark sends or validates: one typical, one with every field.

/** What most apps send: identifiers, a name, a sign-up date, a plan, one company. */
export const typical = {
  userId: 'usr_12345',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  createdAt: '2024-01-15T10:30:00Z',
  customFields: { plan: 'pro', seats: 5 },
  companies: [{ id: 'co_1', name: 'Analytical Engines Ltd', plan: 'pro', monthlySpend: 490 }],
};

const company = (/** @type {number} */ i) => ({
  id: `co_${i}`,
  name: `Company ${i}`,
  companyHash: 'a'.repeat(64),
  companySize: 10 + i,
  createdAt: '2023-06-01T08:00:00+02:00',
  customFields: { region: 'eu', tier: i % 3, beta: i % 2 == 0, tags: ['a', 'b', 3, null] },
  industry: 'Software',
  monthlySpend: 99.5 * i,
  plan: 'enterprise',
  website: `https://company-${i}.example.com/about?ref=bench#top`,
});

/** Every field of the contacts API, and 50 companies with every field. */
export const maximal = {
  email: 'ada.lovelace+bench@example.com',
  userId: 'usr_12345',
  name: 'Ada Lovelace',
  profilePicture: 'https://cdn.example.com/avatars/usr_12345.png?size=256',
  phone: '+44 20 7946 0958',
  locale: 'en-GB',
  roles: ['role_admin', 'role_billing', 'role_editor'],
  userHash: 'f'.repeat(64),
  subscribedToChangelog: true,
  createdAt: '2024-01-15T10:30:00.123Z',
  customFields: { plan: 'pro', seats: 5, trial: false, referrer: null, features: ['sso', 'audit', 2] },
  companies: Array.from({ length: 50 }, (_, i) => company(i + 1)),
};

/**
 * What the proxy benchmark posts: the typical contact, its name numbered so that each request
 * differs (the proxy's dedupe never answers it), for a signed-in user with the same identifiers
 * (so the proxy's identity check passes) who belongs to its company.
 * @param {number} n - the request's number
 * @returns {string}
 */
export const proxyBody = (n) => JSON.stringify({ ...typical, name: `${typical.name} ${n}` });
export const sessionUser = { userId: typical.userId, email: typical.email, companyIds: typical.companies.map((company) => company.id) };
