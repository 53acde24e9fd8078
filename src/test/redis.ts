// A real redis-server for the tests, on a free port of 127.0.0.1, without persistence; and the
// two clients the Redis store supports. Started and stopped by the tests themselves.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, connect } from 'node:net';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { IoRedisClient, NodeRedisClient } from '../server/redis-store.js';

/** Debian's redis-server (`apt-get install redis-server`); REDIS_SERVER overrides. */
const BINARY = process.env.REDIS_SERVER || '/usr/bin/redis-server';

/** The clients the store is tested with. */
export const CLIENTS = ['node-redis', 'ioredis'] as const;
export type ClientKind = (typeof CLIENTS)[number];

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once something accepts connections on the port. */
async function accepting(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A redis-server under the test's control. */
export interface TestRedis {
  port: number;
  url: string;
  /** Kills the server (SIGKILL): connections drop, nothing answers. */
  kill(): Promise<void>;
  /** Starts a new, empty server on the same port. */
  restart(): Promise<void>;
  /** Stops answering without closing connections (SIGSTOP): a hung Redis. */
  freeze(): void;
  /** Answers again (SIGCONT). */
  thaw(): void;
  /** Every key and value it holds, as text. */
  dump(): Promise<string>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/**
 * Starts redis-server on a free port of 127.0.0.1, without persistence.
 * @returns the running server
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await accepting(port, child);
  };
  await launch();
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await once(child, 'exit');
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: launch,
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
    async dump() {
      const client = await connectClient('node-redis', `redis://127.0.0.1:${port}`);
      const lines: string[] = [];
      for (const key of (await client.command(['KEYS', '*'])) as string[]) {
        const type = await client.command(['TYPE', key]);
        lines.push(`${key} = ${type == 'string' ? await client.command(['GET', key]) : type}`);
      }
      await client.close();
      return lines.join('\n');
    },
    stop: kill,
  };
}

/**
 * Watches every command Redis receives (MONITOR), for a test to wait until an instance has
 * reached a step.
 * @param port - the server's port
 * @returns the commands seen so far, one line each (`"GET" "key"`), and `close()`
 */
export async function watchCommands(port: number): Promise<{ lines: string[]; close(): void }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const lines: string[] = [];
  let rest = '';
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    const parts = (rest + text).split('\r\n');
    rest = parts.pop()!;
    lines.push(...parts.map((line) => line.replace(/^\+[\d.]+ \[[^\]]*\] /, '')));
  });
  socket.on('error', () => {});
  socket.write('MONITOR\r\n');
  return { lines, close: () => void socket.destroy() };
}

/** A connected client of either kind, with what the tests do with it. */
export interface TestClient {
  /** The client itself, for `redisStore`. */
  client: NodeRedisClient | IoRedisClient;
  /** Sends one command. */
  command(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Connects a client the way an app would (errors listened to, defaults otherwise: both queue
 * commands while disconnected and reconnect by themselves).
 * @param kind - which client
 * @param url - the server
 * @returns the client
 */
export async function connectClient(kind: ClientKind, url: string): Promise<TestClient> {
  if (kind == 'node-redis') {
    const client = await createClient({ url }).on('error', () => {}).connect();
    // destroy(): close() would wait for the commands queued while Redis is down.
    return { client, command: (args) => client.sendCommand(args), close: async () => void (client.isOpen && client.destroy()) };
  }
  const client = new Redis(url).on('error', () => {});
  await once(client, 'ready');
  return { client, command: ([command, ...args]) => client.call(command, args), close: async () => void client.disconnect() };
}
