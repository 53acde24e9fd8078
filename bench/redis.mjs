// A redis-server for the benchmark: Debian's (REDIS_SERVER overrides), on a free port of
// 127.0.0.1, without persistence; stopped with the benchmark.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { sleep } from './stats.mjs';

/** @returns {Promise<number>} a port nothing listens on now */
async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  server.close();
  return port;
}

/**
 * Starts redis-server and waits until it accepts connections.
 * @returns its `url` and `stop()`
 */
export async function startRedisServer() {
  const port = await freePort();
  const child = spawn(process.env.REDIS_SERVER || '/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  /** @type {Error | undefined} */
  let failed;
  child.on('error', (error) => (failed = error));
  for (;;) {
    if (failed || child.exitCode !== null) throw new Error(`redis-server did not start (${failed?.message ?? `exit code ${child.exitCode}`}): is it installed (apt-get install redis-server)?`);
    const socket = connect(port, '127.0.0.1');
    const up = await new Promise((resolve) => socket.on('connect', () => resolve(true)).on('error', () => resolve(false)));
    socket.destroy();
    if (up) break;
    await sleep(20);
  }
  // Should the benchmark end without stopping it (an error), it goes too.
  const orphaned = () => child.kill();
  process.once('exit', orphaned);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => (process.off('exit', orphaned), child.kill(), once(child, 'exit')),
  };
}
