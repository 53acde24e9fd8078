// Child process of the multi-instance tests: one instance of an app's proxy (createNodeHandler
// from the sources, with redisStore) on 127.0.0.1, sharing one Redis with its siblings. Its
// config comes as JSON in argv; it reports its port over IPC, logs as the app would (stderr), and
// stops when the parent disconnects.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
const { createServer } = await import('node:http');
// The .ts files by name, as the loader above runs them (typed as the sources they are).
const sources = { server: '../server/index.ts', redis: './redis.ts' };
const { createNodeHandler, redisStore } = /** @type {typeof import('../server/index.js')} */ (await import(sources.server));
const { connectClient } = /** @type {typeof import('./redis.js')} */ (await import(sources.redis));

const { client: kind, redisUrl, apiKey, baseUrl, store, options } = JSON.parse(process.argv[2]);
const client = await connectClient(kind, redisUrl);
// The session: the x-user header names the signed-in user.
/** @type {import('../server/index.js').IdentifyHandlerOptions<import('node:http').IncomingMessage>['resolveUser']} */
const resolveUser = (_request, req) => {
  const user = String(req.headers['x-user'] ?? '');
  return user ? { userId: user, email: `${user}@example.com` } : null;
};
const handler = createNodeHandler({ apiKey, baseUrl, resolveUser, store: redisStore(client.client, store), ...options });
const server = createServer(handler);
const send = /** @type {NonNullable<typeof process.send>} */ (process.send).bind(process);
server.listen(0, '127.0.0.1', () => send({ port: /** @type {import('node:net').AddressInfo} */ (server.address()).port }));
process.on('disconnect', async () => {
  server.closeAllConnections();
  server.close();
  await client.close();
  process.exit(0);
});
