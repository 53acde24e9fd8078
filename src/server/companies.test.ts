// @vitest-environment node
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { identifyRequest, SECRET, SESSION, useEmulator } from './test-kit.js';

const setup = useEmulator({ identitySecret: SECRET });
const { call, handler } = setup;
const hmac = (message: string) => createHmac('sha256', SECRET).update(message).digest('hex');
const forwarded = () => setup.emulator.requests.filter((r) => r.path === '/v2/contacts') as { body: any }[];

const acme = { id: 'acme', name: 'Acme Inc', plan: 'enterprise', monthlySpend: 9000, customFields: { tier: 'gold' } };
const own = { id: 'ada_co', name: 'Ada & Co', plan: 'pro', monthlySpend: 50 };
/** Another customer's company, already in Featurebase with its spend and plan. */
async function seedAcme() {
  const response = await fetch(setup.emulator.url + '/v2/contacts', {
    method: 'POST',
    headers: { authorization: `Bearer ${setup.emulator.apiKey}`, 'featurebase-version': '2026-01-01.nova', 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'usr_wile', companies: [acme] }),
  });
  expect(response.status).toBe(201);
  setup.emulator.requests.length = 0;
}
const acmeRecord = () => setup.emulator.contacts().find((c) => c.userId == 'usr_wile')!.companies[0];

describe('by default, companies are the server\'s', () => {
  test.each([
    [[{ id: 'acme', name: 'Acme Inc' }]],
    [[{ id: 'acme', name: 'Acme Inc', monthlySpend: 0, plan: 'free' }]],
    [[]],
  ])('companies %j from the browser get 403 forbidden_field naming companies; nothing is forwarded or signed', async (companies) => {
    await seedAcme();
    const { status, body } = await call(handler({ identitySecret: SECRET }), identifyRequest({ name: 'Ada', companies }));
    expect([status, body.error.code, body.error.param]).toEqual([403, 'forbidden_field', 'companies']);
    expect(forwarded()).toEqual([]);
    expect(acmeRecord()).toMatchObject({ name: 'Acme Inc', plan: 'enterprise', monthlySpend: 9000 });
  });

  test('enrich supplies them, and only those are signed', async () => {
    const enriching = handler({ identitySecret: SECRET, enrich: (contact) => ({ ...contact, companies: [own] }) });
    const { status, body } = await call(enriching, identifyRequest({ name: 'Ada' }));
    expect(status).toBe(201);
    expect(forwarded()[0].body).toEqual({ ...SESSION, name: 'Ada', userHash: hmac(SESSION.userId), companies: [{ ...own, companyHash: hmac('ada_co') }] });
    expect(body.companies).toMatchObject([{ companyId: 'ada_co', monthlySpend: 50 }]);
  });
});

describe("browserMaySet: ['companies'] with the user's companyIds", () => {
  const member = (companyIds?: unknown) =>
    handler({ identitySecret: SECRET, browserMaySet: ['companies'], resolveUser: () => ({ ...SESSION, companyIds }) as never });

  test("the browser may send the companies resolveUser says the user belongs to, every field; they are signed", async () => {
    const { status } = await call(member(['ada_co', 'other']), identifyRequest({ name: 'Ada', companies: [own] }));
    expect(status).toBe(201);
    expect(forwarded()[0].body.companies).toEqual([{ ...own, companyHash: hmac('ada_co') }]);
  });

  test.each([
    ['a bare id and name', { id: 'acme', name: 'Acme Inc' }],
    ['monthlySpend and plan', { id: 'acme', name: 'Acme Inc', monthlySpend: 0, plan: 'free' }],
    ['custom fields', { id: 'acme', name: 'Acme Inc', customFields: { tier: 'none' } }],
  ])('a company the user does not belong to (%s) gets 403 company_not_allowed; nothing is forwarded, signed or overwritten', async (_, company) => {
    await seedAcme();
    const { status, body } = await call(member(['ada_co']), identifyRequest({ name: 'Ada', companies: [own, company] }));
    expect([status, body.error.code, body.error.param]).toEqual([403, 'company_not_allowed', 'companies[1].id']);
    expect(JSON.stringify(body)).not.toContain('9000');
    expect(forwarded()).toEqual([]);
    expect(acmeRecord()).toMatchObject({ name: 'Acme Inc', plan: 'enterprise', monthlySpend: 9000, customFields: { tier: 'gold' } });
  });

  test.each([[undefined], [[]]])('with companyIds %j the server vouches for none: every company is refused', async (companyIds) => {
    const { status, body } = await call(member(companyIds), identifyRequest({ name: 'Ada', companies: [own] }));
    expect([status, body.error.code, body.error.param]).toEqual([403, 'company_not_allowed', 'companies[0].id']);
    expect(forwarded()).toEqual([]);
  });

  test('numeric company ids from resolveUser match as their decimal string', async () => {
    const { status } = await call(member([42]), identifyRequest({ name: 'Ada', companies: [{ id: '42', name: 'Answer Ltd' }] }));
    expect(status).toBe(201);
  });

  test('companies from enrich are trusted and signed, whatever companyIds says', async () => {
    const enriching = handler({ identitySecret: SECRET, browserMaySet: ['companies'], resolveUser: () => SESSION, enrich: (contact) => ({ ...contact, companies: [own] }) });
    expect((await call(enriching, identifyRequest({ name: 'Ada' }))).status).toBe(201);
    expect(forwarded()[0].body.companies).toEqual([{ ...own, companyHash: hmac('ada_co') }]);
  });
});

describe('maxCompanies', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `C${i}` }));
  const trusting = (maxCompanies?: number) =>
    handler({ browserMaySet: ['companies'], maxCompanies, resolveUser: () => ({ ...SESSION, companyIds: many(100).map((c) => c.id) }) });

  test('25 companies pass by default; 26 get 400 too_many_companies naming companies', async () => {
    expect((await call(trusting(), identifyRequest({ name: 'A', companies: many(25) }))).status).toBe(201);
    const { status, body } = await call(trusting(), identifyRequest({ name: 'A', companies: many(26) }));
    expect([status, body.error.code, body.error.param]).toEqual([400, 'too_many_companies', 'companies']);
    expect(body.error.message).toContain('25');
    expect(forwarded()).toHaveLength(1);
  });

  test('is configurable', async () => {
    expect((await call(trusting(2), identifyRequest({ name: 'A', companies: many(3) }))).status).toBe(400);
    expect((await call(trusting(60), identifyRequest({ name: 'A', companies: many(60) }))).status).toBe(201);
  });

  test('holds for enrich too: 500 invalid_enrichment, logged', async () => {
    const { status, body } = await call(handler({ enrich: (contact) => ({ ...contact, companies: many(26) }) }), identifyRequest({ name: 'A' }));
    expect([status, body.error.code, body.error.param]).toEqual([500, 'invalid_enrichment', 'companies']);
    expect(setup.leaks.consoleCalls.join()).toContain('maxCompanies');
    expect(forwarded()).toEqual([]);
  });
});
