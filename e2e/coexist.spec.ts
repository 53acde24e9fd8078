import type { Page } from '@playwright/test';
import { expect, test, type App } from './app';
import { add, FEATUREBASE_JS, openBlankPage, permutations, PIECES, received, STAND_IN_RUNTIME, type Piece } from './coexist-page';

// window.Featurebase shared with Featurebase's widget SDK, on the built bundle: every order of
// their snippet, their runtime (a hostile stand-in: it drains q, then replaces the global), our
// stub and our bundle; then the real featurebase-js package. Each runtime must get its own calls,
// in order, once, with their callbacks, and the page must see no error.

const user = { userId: 'u_ada', email: 'ada@example.com' };

/** The callbacks recorded so far, and the errors the page saw. */
const outcomes = (page: Page) => page.evaluate(() => (window as any).outcomes as [string, string | null, string][]);
const problems = (page: Page) => page.evaluate(() => (window as any).problems as string[]);

/** The names our endpoint's upstream (the emulator, behind the real proxy) received for the user, oldest first. */
const delivered = (app: App) => app.upstream().filter((body) => body.userId == user.userId).map((body) => body.name);

for (const order of permutations(PIECES)) {
  test(`load order: ${order.join(', ')}`, async ({ page, app }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await openBlankPage(page, app.server.pages, app.url);
    const at = (piece: Piece) => order.indexOf(piece);

    const expected: [string, unknown][] = [];
    const ours: string[] = [];
    let callbacks = 0;
    for (const [step, piece] of order.entries()) {
      await add(page, piece);
      const withOurs = at('our stub') <= step || at('our bundle') <= step;
      const widget = { organization: 'acme', placement: 'right', step };
      const theirIdentify = { organization: 'acme', email: user.email, name: `their ${step}`, id: user.userId };
      const call = { ...user, name: `call ${step}` };
      await page.evaluate(
        ({ step, widget, theirIdentify, call, withOurs, user }) => {
          const { Featurebase: fb, cb } = window as any;
          fb('initialize_feedback_widget', widget, cb(`widget ${step}`));
          if (withOurs) fb.identify({ ...user, name: `method ${step}` }, cb(`method ${step}`));
          fb('identify', theirIdentify, cb(`their identify ${step}`));
          if (withOurs) fb('identify', call, cb(`call ${step}`));
        },
        { step, widget, theirIdentify, call, withOurs, user },
      );
      expected.push(['initialize_feedback_widget', widget]);
      expected.push(['identify', theirIdentify]);
      callbacks += 2;
      if (withOurs) {
        ours.push(`method ${step}`, `call ${step}`);
        callbacks += 2;
      }
    }

    // Every callback, theirs and ours, is called once.
    await expect.poll(async () => (await outcomes(page)).length).toBe(callbacks);
    const seen = await outcomes(page);
    expect(new Set(seen.map(([tag]) => tag)).size).toBe(callbacks);
    for (const [tag, error, status] of seen) {
      if (/^(method|call)/.test(tag)) expect([tag, error, status]).toEqual([tag, null, expect.stringMatching(/^(created|updated|superseded)$/)]);
      else expect([tag, error]).toEqual([tag, null]);
    }
    // Their runtime got each of their calls once, in call order, their identifies included, with its arguments.
    expect(await received(page)).toEqual(expected);
    // Ours reached our endpoint in call order, none twice; superseded ones may never leave; the last one does.
    const positions = delivered(app).map((name) => ours.indexOf(name));
    expect(positions.every((position, i) => position > (positions[i - 1] ?? -1))).toBe(true);
    expect(positions.at(-1)).toBe(ours.length - 1);
    expect(seen.find(([tag]) => tag == ours.at(-1))?.[2]).toMatch(/^(created|updated)$/);

    // Afterwards both APIs work: theirs goes to their runtime, ours to our endpoint.
    const after = await page.evaluate(async (user) => {
      const fb = (window as any).Featurebase;
      fb('boot', { appId: 'app_1' });
      const method = await fb.identify({ ...user, name: 'after, method' });
      const call = await fb('identify', { ...user, name: 'after, call' });
      return [method.status, call.status, fb('unviewed_changelog_count')];
    }, user);
    expect(after).toEqual(['updated', 'updated', 3]);
    expect((await received(page)).slice(expected.length)).toEqual([['boot', { appId: 'app_1' }], ['unviewed_changelog_count', undefined]]);
    expect(delivered(app).slice(-2)).toEqual(['after, method', 'after, call']);
    expect(await problems(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
}

test("our script never loads (blocked, 404): their calls, their identify included, reach their runtime in call order; ours wait and throw nothing", async ({ page, app }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openBlankPage(page, app.server.pages, app.url);
  await page.route('**/dist/featurebase.umd.js', (route) => route.fulfill({ status: 404, body: 'blocked' }));
  await add(page, 'their snippet');
  await add(page, 'our stub');
  const calls = (step: string) =>
    page.evaluate((step) => {
      const { Featurebase: fb, cb } = window as any;
      fb('initialize_feedback_widget', { organization: 'acme', step });
      fb('identify', { organization: 'acme', email: 'ada@example.com', step }, cb(`their identify ${step}`));
      fb.identify({ userId: 'u_ada', step }, cb(`ours ${step}`));
      fb('identify', { userId: 'u_ada', name: step });
      fb('identify', { appId: 'app_1', featurebaseJwt: 'a.b.c', step });
      fb('boot', { appId: 'app_1', step });
      return [fb.getIdentity(), fb.reset(), fb.on('error', () => {}), fb.init({}), fb.debug(false)].map((value) => typeof value);
    }, step);
  expect(await calls('before')).toEqual(Array(5).fill('undefined'));
  await add(page, 'their runtime');
  await calls('after');
  await expect(add(page, 'our bundle')).rejects.toThrow();
  const theirs = (step: string) => [
    ['initialize_feedback_widget', { organization: 'acme', step }],
    ['identify', { organization: 'acme', email: 'ada@example.com', step }],
    ['identify', { appId: 'app_1', featurebaseJwt: 'a.b.c', step }],
    ['boot', { appId: 'app_1', step }],
  ];
  expect(await received(page)).toEqual([...theirs('before'), ...theirs('after')]);
  await expect.poll(() => outcomes(page)).toEqual([
    ['their identify before', null, 'identify'],
    ['their identify after', null, 'identify'],
  ]);
  expect(app.upstream()).toEqual([]);
  expect(await problems(page)).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test.describe('with the featurebase-js package', () => {
  for (const [name, fbjsFirst, runtimeAt] of [
    ['featurebase-js first, its runtime after our bundle', true, 'last'],
    ['featurebase-js first, its runtime before our stub', true, 'first'],
    ['our stub and bundle first, then featurebase-js', false, 'last'],
  ] as const) {
    test(name, async ({ page, app }) => {
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      let release!: () => void;
      const runtimeMayLoad = new Promise<void>((resolve) => (release = resolve));
      // featurebase-js injects https://do.featurebase.app/js/sdk.js and asks its organization resolver first.
      await page.route('https://do.featurebase.app/js/sdk.js', async (route) => {
        await runtimeMayLoad;
        await route.fulfill({ contentType: 'text/javascript', body: STAND_IN_RUNTIME });
      });
      await page.route('https://do.featurebase.app/v1/organization/by-id/app_1', (route) =>
        route.fulfill({ json: { slug: 'acme', modules: { support: true } }, headers: { 'Access-Control-Allow-Origin': '*' } }),
      );
      await page.route('**/featurebase-js.js', (route) => route.fulfill({ contentType: 'text/javascript', body: FEATUREBASE_JS }));
      await openBlankPage(page, app.server.pages, app.url);

      const useFeaturebaseJs = () =>
        page.evaluate(async () => {
          const fbjs = await import('/featurebase-js.js' as string);
          fbjs.default({ appId: 'app_1', userId: 'u_ada', email: 'ada@example.com' });
          fbjs.initFeedback({ theme: 'light' });
          fbjs.whenReady(() => {
            fbjs.update({ name: 'Ada' });
            (window as any).unviewed = fbjs.getUnviewedChangelogCount();
          });
        });
      const useOurs = async () => {
        await add(page, 'our stub');
        await page.evaluate((user) => (window as any).Featurebase.identify({ ...user, name: 'ours' }, (window as any).cb('ours')), user);
        await add(page, 'our bundle');
      };
      if (runtimeAt == 'first') release();
      if (fbjsFirst) {
        await useFeaturebaseJs();
        if (runtimeAt == 'first') await expect.poll(() => received(page)).not.toEqual([]);
        await useOurs();
      } else {
        await useOurs();
        await useFeaturebaseJs();
      }
      release();

      await expect.poll(() => page.evaluate(() => (window as any).unviewed)).toBe(3);
      expect(await received(page)).toEqual([
        ['initialize_feedback_widget', { theme: 'light', userId: 'u_ada', email: 'ada@example.com', organization: 'acme' }],
        ['boot', { appId: 'app_1', userId: 'u_ada', email: 'ada@example.com', organization: 'acme' }],
        ['identify', { appId: 'app_1', name: 'Ada', organization: 'acme' }],
        ['unviewed_changelog_count', undefined],
      ]);
      await expect.poll(() => outcomes(page)).toEqual([['ours', null, 'created']]);
      expect(delivered(app)).toEqual(['ours']);
      expect(await problems(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  }
});
