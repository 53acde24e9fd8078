import { expect, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';

/** The demo under test: `npm run demo`, started by playwright.config.ts's webServer. */
export const DEMO_URL = process.env.DEMO_URL!;

export interface DemoUser {
  userId: string;
  email: string;
  name: string;
  /** The companies the user belongs to, comma-separated, as the sign-in form takes them. */
  companyIds?: string;
}

/** A user of this test alone, so tests share no contact in the long-lived demo's emulator. */
export function uniqueUser(testInfo: TestInfo): DemoUser {
  const id = `u_${testInfo.workerIndex}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  return { userId: id, email: `${id}@example.com`, name: 'Test User' };
}

/** Opens a demo page and signs in as `user` with the "someone else" form. */
export async function signIn(page: Page, user: DemoUser, path = '/'): Promise<void> {
  await page.goto(DEMO_URL + path);
  await page.getByText('Sign in as someone else').click();
  const form = page.locator('#custom-sign-in');
  await form.getByLabel('User id').fill(user.userId);
  await form.getByLabel('Email').fill(user.email);
  await form.getByLabel('Name').fill(user.name);
  if (user.companyIds) await form.getByLabel('Member of companies').fill(user.companyIds);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#signed-in')).toContainText(user.userId);
  await expect(page.locator('#contact-form').getByLabel('User id')).toHaveValue(user.userId);
}

/** The contact form. */
export const contactForm = (page: Page): Locator => page.locator('#contact-form');

/** Company `index` (0-based) of the contact form. */
export const company = (page: Page, index: number): Locator => contactForm(page).locator('.company').nth(index);

/**
 * Clicks Identify and waits for that call's entry to settle.
 * @returns the entry (its `data-status` is the outcome)
 */
export async function identify(page: Page): Promise<Locator> {
  const entries = page.locator('#results > li');
  const before = await entries.count();
  await contactForm(page).getByRole('button', { name: 'Identify' }).click();
  await expect(entries).toHaveCount(before + 1);
  const entry = entries.first();
  await expect(entry).not.toHaveAttribute('data-status', 'pending', { timeout: 15_000 });
  return entry;
}

/** The bodies the emulator received for `userId`, oldest first, read through the demo's /emulator/ routes. */
export async function upstreamBodies(request: APIRequestContext, userId: string): Promise<any[]> {
  const response = await request.get(DEMO_URL + '/emulator/requests');
  expect(response.ok()).toBe(true);
  const requests: { path: string; body: any }[] = await response.json();
  return requests.filter((r) => r.path == '/v2/contacts' && r.body?.userId == userId).map((r) => r.body);
}

/** The contact the emulator stored for `userId`, if any. */
export async function storedContact(request: APIRequestContext, userId: string): Promise<any> {
  const contacts: { userId?: string }[] = await (await request.get(DEMO_URL + '/emulator/contacts')).json();
  return contacts.find((contact) => contact.userId == userId);
}
