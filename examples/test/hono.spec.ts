// examples/hono: Hono on @hono/node-server, started with `npm start`.
import { expect, test } from '@playwright/test';
import { useApp } from './apps';
import { identifyFlow } from './flow';

const setup = useApp('hono');

test('401 signed out, created then updated (the session vouches for the email too), 403 for another user', async ({ page }) => {
  await identifyFlow(page, `${setup.app.url}/`, setup.emulator);
});

test('other methods get the documented 405 with Allow, in Featurebase shape', async ({ request }) => {
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const response = await request.fetch(`${setup.app.url}/api/featurebase/identify`, { method });
    expect([response.status(), response.headers().allow, (await response.json()).error.code]).toEqual([405, 'POST, OPTIONS', 'method_not_allowed']);
  }
});
