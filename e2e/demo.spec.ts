import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { toPalettePng } from './demo-png';
import { company, contactForm, DEMO_URL, identify, signIn, storedContact, uniqueUser, upstreamBodies } from './demo-page';

// Against `npm run demo` (playwright.config.ts's webServer), its emulator keyed with DEMO_API_KEY.

test('sign in, identify every field: created, then updated; the emulator stored what was sent', async ({ page, request }, testInfo) => {
  // A member of acme: the demo's proxy lets the browser send the user's own companies.
  const user = { ...uniqueUser(testInfo), companyIds: 'acme' };
  await signIn(page, user);
  await expect(page.locator('#signed-in')).toContainText('member of acme');
  const form = contactForm(page);
  await form.getByLabel('Phone').fill('+44 20 7946 0000');
  await form.getByLabel('Profile picture URL').fill('https://example.com/ada.png');
  await form.getByLabel('Locale').fill('en-GB');
  await form.getByLabel('Created at').first().fill('2024-01-15T10:30:00Z');
  await form.getByLabel('Subscribed to changelog').selectOption('true');
  await form.getByLabel('Custom fields (JSON object)').first().fill('{"plan": "pro", "seats": 5, "beta": true}');
  await form.getByRole('button', { name: 'Add company' }).click();
  const acme = company(page, 0);
  await acme.getByLabel('Company id').fill('acme');
  await acme.getByLabel('Company name').fill('Acme');
  await acme.getByLabel('Plan').fill('growth');
  await acme.getByLabel('Industry').fill('Software');
  await acme.getByLabel('Website').fill('https://acme.example');
  await acme.getByLabel('Company size').fill('50');
  await acme.getByLabel('Monthly spend').fill('1200.5');
  await acme.getByLabel('Created at').fill('2023-05-01T00:00:00Z');
  await acme.getByLabel('Custom fields (JSON object)').fill('{"tier": "gold"}');

  await expect(await identify(page)).toHaveAttribute('data-status', 'created');
  await form.getByLabel('Name', { exact: true }).fill('Ada Renamed');
  await expect(await identify(page)).toHaveAttribute('data-status', 'updated');

  const acmeSent = { id: 'acme', name: 'Acme', plan: 'growth', industry: 'Software', website: 'https://acme.example', companySize: 50, monthlySpend: 1200.5, createdAt: '2023-05-01T00:00:00Z', customFields: { tier: 'gold' } };
  const sent = {
    userId: user.userId,
    email: user.email,
    name: 'Ada Renamed',
    phone: '+44 20 7946 0000',
    profilePicture: 'https://example.com/ada.png',
    locale: 'en-GB',
    createdAt: '2024-01-15T10:30:00Z',
    subscribedToChangelog: true,
    customFields: { plan: 'pro', seats: 5, beta: true },
  };
  const hash = expect.stringMatching(/^[0-9a-f]{64}$/);
  // The proxy adds only the identity hashes, computed with the demo's identity secret.
  const bodies = await upstreamBodies(request, user.userId);
  expect(bodies).toHaveLength(2);
  expect(bodies[0]).toEqual({ ...sent, name: user.name, userHash: hash, companies: [{ ...acmeSent, companyHash: hash }] });
  expect(bodies[1]).toEqual({ ...sent, userHash: hash, companies: [{ ...acmeSent, companyHash: hash }] });
  const { id, ...acmeStored } = acmeSent;
  expect(await storedContact(request, user.userId)).toMatchObject({ ...sent, object: 'contact', verified: true, companies: [{ ...acmeStored, companyId: id }] });
});

for (const path of ['/', '/spa']) {
  test(`${path}: each identify shows the widgets' token, its claims verified with the proxy's JWT secret, next to the stored contact`, async ({ page }, testInfo) => {
    const user = uniqueUser(testInfo);
    await signIn(page, user, path);
    await contactForm(page).getByLabel('Locale').fill('en-GB');
    const entry = await identify(page);
    await expect(entry).toHaveAttribute('data-status', 'created');
    const [stored, claims] = await Promise.all([0, 1].map((i) => entry.locator('.token pre').nth(i)));
    await expect(claims).not.toHaveText('verifying…');
    const decoded = JSON.parse((await claims.textContent())!);
    expect(decoded).toMatchObject({ userId: user.userId, email: user.email, name: user.name, locale: 'en-GB' });
    expect(decoded.exp - decoded.iat).toBe(3600);
    expect(JSON.parse((await stored.textContent())!)).toMatchObject({ object: 'contact', userId: user.userId, locale: 'en-GB' });
    expect(await stored.textContent()).not.toContain('featurebaseJwt');
  });
}

test('the same contact again is unchanged and sends nothing; Force sends it, and the proxy answers it from its dedupe', async ({ page, request }, testInfo) => {
  const user = uniqueUser(testInfo);
  await signIn(page, user);
  await expect(await identify(page)).toHaveAttribute('data-status', 'created');
  await expect(await identify(page)).toHaveAttribute('data-status', 'unchanged');
  expect(await upstreamBodies(request, user.userId)).toHaveLength(1);
  const proxyAnswers: number[] = [];
  page.on('response', (response) => response.url().endsWith('/api/featurebase/identify') && proxyAnswers.push(response.status()));
  await contactForm(page).getByLabel('Force').check();
  // The browser sends it; the proxy has just delivered this very contact for this user, so it
  // answers with that delivery (200) and spends none of the key's quota.
  await expect(await identify(page)).toHaveAttribute('data-status', 'updated');
  expect(proxyAnswers).toEqual([200]);
  expect(await upstreamBodies(request, user.userId)).toHaveLength(1);
  // A changed contact is forwarded.
  await contactForm(page).getByLabel('Name', { exact: true }).fill('Changed');
  await expect(await identify(page)).toHaveAttribute('data-status', 'updated');
  expect((await upstreamBodies(request, user.userId)).map((body) => body.name)).toEqual([user.name, 'Changed']);
});

test("a company the user does not belong to is refused: 403 company_not_allowed, shown, nothing sent", async ({ page, request }, testInfo) => {
  const user = { ...uniqueUser(testInfo), companyIds: 'own_co' };
  await signIn(page, user);
  const form = contactForm(page);
  for (const [index, id] of ['own_co', 'someone_elses_co'].entries()) {
    await form.getByRole('button', { name: 'Add company' }).click();
    await company(page, index).getByLabel('Company id').fill(id);
    await company(page, index).getByLabel('Company name').fill(id);
    await company(page, index).getByLabel('Monthly spend').fill('0');
  }
  const entry = await identify(page);
  await expect(entry).toHaveAttribute('data-status', 'error');
  await expect(entry.locator('.error-code')).toHaveText('http · 403 · company_not_allowed · companies[1].id');
  expect(await upstreamBodies(request, user.userId)).toEqual([]);
  // Without the other company, the user's own is sent, with its spend, and signed.
  await company(page, 1).getByRole('button', { name: 'Remove company' }).click();
  await expect(await identify(page)).toHaveAttribute('data-status', 'created');
  expect((await upstreamBodies(request, user.userId))[0].companies).toEqual([{ id: 'own_co', name: 'own_co', monthlySpend: 0, companyHash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
});

test('identifying as someone else while signed in is refused: 403 identity_mismatch, shown', async ({ page, request }, testInfo) => {
  const user = uniqueUser(testInfo);
  const other = uniqueUser(testInfo);
  await signIn(page, user);
  await contactForm(page).getByLabel('User id').fill(other.userId);
  const entry = await identify(page);
  await expect(entry).toHaveAttribute('data-status', 'error');
  await expect(entry.locator('.error-code')).toHaveText('http · 403 · identity_mismatch · userId');
  await expect(entry).toContainText("userId is not the signed-in user's");
  expect(await upstreamBodies(request, other.userId)).toEqual([]);
  expect(await upstreamBodies(request, user.userId)).toEqual([]);
});

test('an invalid field is named by its path, and nothing is sent', async ({ page, request }, testInfo) => {
  const user = uniqueUser(testInfo);
  await signIn(page, user);
  await contactForm(page).getByRole('button', { name: 'Add company' }).click();
  await company(page, 0).getByLabel('Company id').fill('acme');
  const entry = await identify(page);
  await expect(entry).toHaveAttribute('data-status', 'error');
  await expect(entry.locator('.error-code')).toHaveText('invalid_contact · companies[0].name');
  await expect(entry.locator('.issues')).toContainText('companies[0].name: Expected a non-blank string of at most 500 characters');
  expect(await upstreamBodies(request, user.userId)).toEqual([]);
});

test('calls made before the SDK script loads are queued by the stub and delivered in order', async ({ page, request }, testInfo) => {
  const user = uniqueUser(testInfo);
  await signIn(page, user);
  await page.getByRole('button', { name: /Reload with the script delayed/ }).click();
  await expect(page).toHaveURL(/\?delay=\d+/);
  const form = contactForm(page);
  await expect(form.getByLabel('User id')).toHaveValue(user.userId);
  const entries = page.locator('#results > li');
  for (const name of ['First call', 'Second call']) {
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByRole('button', { name: 'Identify' }).click();
  }
  await expect(page.locator('#sdk-status')).toContainText('not loaded yet');
  await expect(page.locator('#sdk-status')).toContainText('2 identify call(s) queued in the stub');
  await expect(entries).toHaveCount(2);
  await expect(entries.filter({ hasText: 'queued before the SDK loaded' })).toHaveCount(2);
  await expect(page.locator('#sdk-status')).toContainText('loaded', { timeout: 15_000 });
  // Newest first: the second call counts; the first, already in flight, was superseded.
  await expect(entries.nth(0)).toHaveAttribute('data-status', /created|updated/, { timeout: 15_000 });
  await expect(entries.nth(1)).toHaveAttribute('data-status', 'superseded');
  expect((await upstreamBodies(request, user.userId)).map((body) => body.name)).toEqual(['First call', 'Second call']);
});

test('the API key and the JWT secret are in no response the browser saw, across both pages, a retried fault, the emulator view and the token claims', async ({ page, request }, testInfo) => {
  const key = process.env.DEMO_API_KEY;
  const jwtSecret = process.env.DEMO_JWT_SECRET;
  expect(key, 'set DEMO_API_KEY for the demo server and this test').toMatch(/^\S{12,}$/);
  expect(jwtSecret, 'set DEMO_JWT_SECRET for the demo server and this test').toMatch(/^\S{12,}$/);
  const seen: Promise<{ url: string; text: string }>[] = [];
  page.on('response', (response) => {
    const headers = JSON.stringify(response.headers());
    seen.push(response.text().then((body) => ({ url: response.url(), text: headers + body }), () => ({ url: response.url(), text: headers })));
  });
  const user = uniqueUser(testInfo);
  await signIn(page, user);
  await expect(await identify(page)).toHaveAttribute('data-status', 'created');
  await page.getByRole('button', { name: 'Next: 500' }).click();
  await expect(page.locator('#faults')).toContainText('"status":500');
  await contactForm(page).getByLabel('Name', { exact: true }).fill('After a 500');
  // The SDK retries the 502 the proxy makes of the 500.
  await expect(await identify(page)).toHaveAttribute('data-status', 'updated');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.goto(DEMO_URL + '/spa');
  await expect(page.locator('#sdk-status')).toContainText('ESM build');
  await contactForm(page).getByLabel('Name', { exact: true }).fill('From the SPA');
  await expect(await identify(page)).toHaveAttribute('data-status', 'updated');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('#signed-in')).toHaveText('Not signed in.');

  expect((await upstreamBodies(request, user.userId)).map((body) => body.name)).toEqual(['Test User', 'After a 500', 'After a 500', 'From the SPA']);
  const responses = await Promise.all(seen);
  const urls = responses.map((r) => new URL(r.url).pathname);
  for (const path of ['/', '/spa', '/assets/tag.js', '/assets/spa.js', '/dist/featurebase-widgets.umd.js', '/api/session', '/api/featurebase/identify', '/api/featurebase-jwt', '/emulator/requests', '/emulator/contacts']) {
    expect(urls).toContain(path);
  }
  // The upstream requests were shown, with their Authorization header redacted.
  expect(responses.some((r) => r.text.includes('Bearer ***'))).toBe(true);
  expect(responses.filter((r) => r.text.includes(key!)).map((r) => r.url)).toEqual([]);
  expect(responses.filter((r) => r.text.includes(jwtSecret!)).map((r) => r.url)).toEqual([]);
});

test('a fresh load logs no error; the debug panel switches on and off from its button and from ?featurebase_debug=1', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => message.type() == 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
  const panel = page.locator('featurebase-debug');
  await page.goto(DEMO_URL + '/');
  await expect(page.locator('#sdk-status')).toContainText('loaded');
  await expect(panel).toHaveCount(0);
  await page.getByRole('button', { name: 'Show the debug panel' }).click();
  await expect(panel.getByRole('heading', { name: 'Featurebase identify' })).toBeVisible();
  await page.getByRole('button', { name: 'Hide the debug panel' }).click();
  await expect(panel).toHaveCount(0);
  await page.goto(DEMO_URL + '/?featurebase_debug=1');
  await expect(panel.getByRole('heading', { name: 'Featurebase identify' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hide the debug panel' })).toHaveAttribute('aria-pressed', 'true');
  expect(problems).toEqual([]);
});

test('screenshot for the README, and no horizontal scroll at phone width', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1000, height: 760 });
  await page.goto(DEMO_URL + '/');
  // A clean emulator for the picture; the other tests each use their own user and need no state.
  await page.getByRole('button', { name: 'Reset emulator' }).click();
  await expect(page.locator('#faults')).toContainText('Emulator reset');
  await page.getByRole('button', { name: 'Sign in as Ada Lovelace' }).click();
  await expect(page.locator('#signed-in')).toContainText('u_ada');
  const form = contactForm(page);
  await expect(await identify(page)).toHaveAttribute('data-status', 'created');
  await form.getByLabel('Name', { exact: true }).fill('Ada King');
  await form.getByLabel('Locale').fill('en-GB');
  await expect(await identify(page)).toHaveAttribute('data-status', 'updated');
  await form.getByLabel('User id').fill('u_grace');
  await expect(await identify(page)).toHaveAttribute('data-status', 'error');
  await page.evaluate(() => window.scrollTo(0, 0));
  const png = toPalettePng(await page.screenshot({ animations: 'disabled' }));
  const path = testInfo.outputPath('demo.png');
  writeFileSync(path, png);
  expect(png.length).toBeLessThan(80_000);
  // Tests never write into the repository: `npm run docs:pictures` copies this one to docs/.
  await testInfo.attach('docs/demo.png', { path, contentType: 'image/png' });

  await page.setViewportSize({ width: 375, height: 800 });
  await form.getByLabel('Name', { exact: true }).fill('A-very-long-name-without-any-spaces-'.repeat(6));
  await form.getByRole('button', { name: 'Add company' }).click();
  await expect(await identify(page)).toHaveAttribute('data-status', 'error');
  for (const path of ['/', '/spa']) {
    if (path != '/') await page.goto(DEMO_URL + path);
    await expect(page.locator('#signed-in')).toContainText('u_ada');
    await expect(page.locator('#stored > li')).not.toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} scrolls sideways at 375 px`).toBe(0);
    await page.screenshot({ path: testInfo.outputPath(`phone-${path == '/' ? 'script-tag' : 'spa'}.png`), fullPage: true });
  }
});
