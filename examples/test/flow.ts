// The browser flow every example passes, on its own page (the same element ids in each):
// signed out, identify gets 401; signed in, created then updated, and the emulator stored it;
// another user's email, 403; no page errors.
import { expect, type Page } from '@playwright/test';
import type { StartedEmulator } from 'featurebase-identify/testing';

/** Collects the page's uncaught errors; check with `expect(errors).toEqual([])`. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Drives the example page at `url` as a user would.
 * @param page - a fresh page (no cookies, no storage)
 * @param url - the page, at 127.0.0.1
 * @param emulator - the app's upstream
 * @param email - who signs in (one per test, so a contact is created each time)
 */
export async function identifyFlow(page: Page, url: string, emulator: StartedEmulator, email = 'ada@example.com'): Promise<void> {
  const errors = pageErrors(page);
  await page.goto(url);
  await expect(page.locator('#session')).toHaveText('Signed out');

  // Signed out: the endpoint refuses, nothing reaches Featurebase.
  await page.fill('#contact-email', email);
  await page.click('button:text("Identify")');
  await expect(page.locator('#outcome')).toHaveText('401 unauthenticated');
  expect(emulator.requests).toEqual([]);

  // Signed in: the page identifies the session's user, and Featurebase creates the contact.
  await page.fill('input[name=email]', email);
  await page.fill('input[name=name]', 'Ada');
  await page.click('button:text("Sign in")');
  await expect(page.locator('#session')).toHaveText(`Signed in as ${email}`);
  await expect(page.locator('#session-outcome')).toHaveText('created');
  expect(emulator.contacts()).toEqual([expect.objectContaining({ email, name: 'Ada', userId: expect.stringMatching(/^usr_/) })]);

  // A new name: updated.
  await page.fill('#contact-email', email);
  await page.fill('#contact-name', 'Ada Lovelace');
  await page.click('button:text("Identify")');
  await expect(page.locator('#outcome')).toHaveText('updated');
  expect(emulator.contacts()).toEqual([expect.objectContaining({ email, name: 'Ada Lovelace' })]);

  // Another user's email: refused, not forwarded.
  const forwarded = emulator.requests.length;
  await page.fill('#contact-email', 'mallory@example.com');
  await page.click('button:text("Identify")');
  await expect(page.locator('#outcome')).toHaveText('403 identity_mismatch');
  expect(emulator.requests).toHaveLength(forwarded);
  expect(emulator.contacts()).toHaveLength(1);

  expect(errors).toEqual([]);
}
