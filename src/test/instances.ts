// Several instances of an app's proxy, each a process of its own (src/test/instance.mjs) sharing
// one Redis and one emulator, as behind a load balancer.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { IdentifyHandlerOptions } from '../server/options.js';
import type { RedisStoreOptions } from '../server/redis-store.js';
import type { ClientKind } from './redis.js';

/** What every instance is started with. */
export interface InstanceConfig {
  client: ClientKind;
  redisUrl: string;
  apiKey: string;
  baseUrl: string;
  store?: RedisStoreOptions;
  options?: Pick<IdentifyHandlerOptions, 'limits' | 'dedupeMs' | 'timeoutMs'>;
}

/** One running instance. */
export interface Instance {
  url: string;
  /** What it printed (the app's log), line by line. */
  output: string[];
  /**
   * Posts a contact as `user`.
   * @returns the status, the parsed body and the headers
   */
  identify(user: string, contact: object, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

/**
 * Starts `count` instances.
 * @param count - how many
 * @param config - the same for each
 * @returns them, once each listens
 */
export function startInstances(count: number, config: InstanceConfig): Promise<Instance[]> {
  return Promise.all(Array.from({ length: count }, () => startInstance(config)));
}

async function startInstance(config: InstanceConfig): Promise<Instance> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./instance.mjs', import.meta.url)), [JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => output.push(...text.split('\n').filter(Boolean)));
  }
  const [first] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => Promise.reject(new Error(`instance exited: ${output.join('\n')}`)))])) as [{ port: number }];
  const url = `http://127.0.0.1:${first.port}/api/featurebase/identify`;
  return {
    url,
    output,
    async identify(user, contact, headers = {}) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-user': user, ...headers }, body: JSON.stringify(contact) });
      const text = await response.text();
      return { status: response.status, body: JSON.parse(text), headers: response.headers };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      const timer = setTimeout(() => child.kill(), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
