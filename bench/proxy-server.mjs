// Child process: a server under test, on 127.0.0.1: `proxy` (createNodeHandler with limits no
// request reaches), `limited` (createNodeHandler with its default limits), either with `-redis`
// (the limits, dedupe and replays in Redis through node-redis: `proxy-redis`, `limited-redis`),
// or `bare` (a pass-through forwarder). Run with --expose-gc: the parent asks for memory after GC
// over IPC.
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { createNodeHandler, DEFAULT_API_VERSION, redisStore } from 'featurebase-identify/server';
import { sessionUser } from './contacts.mjs';

const [mode, upstream, apiKey, redisUrl] = process.argv.slice(2);
const redis = mode.endsWith('-redis') ? await createClient({ url: redisUrl }).on('error', () => {}).connect() : undefined;
// Started with an IPC channel (bench/proxy.mjs) and --expose-gc: `send` and `gc` are there.
const send = /** @type {NonNullable<typeof process.send>} */ (process.send).bind(process);
const gc = /** @type {() => void} */ (globalThis.gc);

/**
 * The least a forwarder can do: read the body, POST it to the contacts API with the key, and
 * send the answer back. No checks. It uses the same fetch (undici) as the proxy.
 * @type {import('node:http').RequestListener}
 */
function bareForwarder(req, res) {
  /** @type {Buffer[]} */
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const answer = await fetch(upstream + '/v2/contacts', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + apiKey, 'content-type': 'application/json', 'featurebase-version': DEFAULT_API_VERSION },
        body: Buffer.concat(chunks),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') || 'application/json' }).end(body);
    } catch {
      res.writeHead(502).end();
    }
  });
}

// The signed-in user comes from the app's session; here every request is the same user, who
// belongs to the contact's company. `proxy` keeps every check and the limiters, with limits so
// high that each request is forwarded; `limited` has the defaults (30 a minute for the user).
const store = redis && redisStore(redis);
const proxy = (/** @type {import('featurebase-identify/server').IdentifyHandlerOptions['limits']} */ limits) => createNodeHandler({ apiKey, baseUrl: upstream, resolveUser: () => sessionUser, browserMaySet: ['companies'], limits, store });
const listener = mode == 'bare' ? bareForwarder : proxy(mode.startsWith('proxy') ? { perUserPerMinute: 1e9, keyPerMinute: 1e9 } : undefined);

let served = 0;
const server = createServer((req, res) => {
  res.on('finish', () => served++);
  listener(req, res);
});
server.listen(0, '127.0.0.1', () => send({ port: /** @type {import('node:net').AddressInfo} */ (server.address()).port }));

process.on('message', (message) => {
  const { user, system } = process.cpuUsage();
  // 'cpu': the CPU time so far, without a GC to count in it.
  if (message == 'cpu') return send({ served, cpuMicros: user + system });
  if (message != 'memory') return;
  // Twice: the first pass may only queue finalizers and weak callbacks.
  gc();
  gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  send({ served, cpuMicros: user + system, rss, heapUsed, external });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(async () => {
    await redis?.close();
    process.exit(0);
  });
});
