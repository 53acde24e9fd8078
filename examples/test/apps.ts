// Starts what the example tests drive: an example app as its users start it, on 127.0.0.1 and a
// free port, with the emulator from the example's own copy of featurebase-identify/testing.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from '@playwright/test';
import type { StartedEmulator } from 'featurebase-identify/testing';
import { buildEnv } from './prepare';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/**
 * Starts the emulator of the featurebase-identify that `example` installed from the tarball.
 * @param example - the example's folder under examples/
 * @returns the emulator, listening on 127.0.0.1
 */
export async function startEmulator(example: string): Promise<StartedEmulator> {
  const url = pathToFileURL(resolve('examples', example, 'node_modules/featurebase-identify/dist/testing.js')).href;
  const testing: typeof import('featurebase-identify/testing') = await import(url);
  return testing.startEmulator({ apiKey: 'fb_example_key_2b7e151628aed2a6' });
}

/** A running example app. */
export interface App {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Everything it printed. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts an example app with `npm start`, as its users do, and waits until it answers.
 * @param example - the example's folder under examples/
 * @param env - its environment: the emulator's URL and key, the session secret, TLS files...
 * @param scheme - `https` when the app itself serves TLS
 * @returns the running app
 */
export async function startApp(example: string, env: Record<string, string>, scheme: 'http' | 'https' = 'http'): Promise<App> {
  const port = await freePort();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: join('examples', example),
    env: { ...buildEnv(), HOST: '127.0.0.1', HOSTNAME: '127.0.0.1', PORT: String(port), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `${scheme}://127.0.0.1:${port}`;
  const app: App = {
    url,
    port,
    output: () => output,
    stop: async () => {
      // npm start runs the server in a child of its own: stop the whole process group.
      if (child.exitCode == null && child.signalCode == null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
  await waitUntilListening(port, () => child.exitCode != null, () => output);
  return app;
}

/** Resolves once something accepts connections on the port; fails when the app exits first. */
async function waitUntilListening(port: number, exited: () => boolean, output: () => string): Promise<void> {
  const { connect } = await import('node:net');
  for (;;) {
    if (exited()) throw new Error(`The app exited before listening:\n${output()}`);
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((next) => setTimeout(next, 200));
  }
}

/**
 * Starts an example app and its emulator for a spec file (and stops them after it); the
 * emulator forgets everything before each test.
 * @param example - the example's folder under examples/
 * @param env - more environment for the app
 * @returns the emulator and the app, once `beforeAll` has run
 */
export function useApp(example: string, env: Record<string, string> = {}): { emulator: StartedEmulator; app: App } {
  const context = {} as { emulator: StartedEmulator; app: App };
  test.beforeAll(async () => {
    context.emulator = await startEmulator(example);
    context.app = await startApp(example, { FEATUREBASE_API_KEY: context.emulator.apiKey, FEATUREBASE_API_URL: context.emulator.url, ...env });
  });
  test.afterAll(async () => {
    await context.app?.stop();
    await context.emulator?.close();
  });
  test.beforeEach(() => context.emulator.reset());
  return context;
}
