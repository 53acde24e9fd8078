// @vitest-environment node
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { identifyRequest, SESSION, useEmulator } from './test-kit.js';

setFlagsFromString('--expose-gc');
const gc: () => void = runInNewContext('gc');
const setup = useEmulator();

/** Heap in use after two full collections (the first may only queue finalizers). */
function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Gives the session's contact `count` companies, straight at the emulator, so each answer is large. */
async function growContact(count: number) {
  const companies = Array.from({ length: count }, (_, i) => ({ id: `co_${i}`, name: `Company number ${i}`, plan: 'enterprise', industry: 'Software', monthlySpend: i }));
  const response = await fetch(setup.emulator.url + '/v2/contacts', {
    method: 'POST',
    headers: { authorization: `Bearer ${setup.emulator.apiKey}`, 'featurebase-version': '2026-01-01.nova', 'content-type': 'application/json' },
    body: JSON.stringify({ ...SESSION, companies }),
  });
  expect(response.ok).toBe(true);
}

test('many distinct Idempotency-Keys against a large contact: the heap stays bounded', { timeout: 120_000 }, async () => {
  const handle = setup.handler({ limits: { perUserPerMinute: false } });
  /** `count` identifies, each with its own key and a contact of its own; the answers are read and dropped. */
  const flood = async (tag: string, count: number) => {
    let answerBytes = 0;
    for (let i = 0; i < count; i++) {
      const response = await handle(identifyRequest({ name: `${tag} ${i}` }, { headers: { 'idempotency-key': `${tag}-${i}` } }));
      expect(response.status).toBe(200);
      answerBytes = (await response.arrayBuffer()).byteLength;
    }
    setup.emulator.requests.length = 0;
    return answerBytes;
  };
  await growContact(70);
  await flood('warm-up', 20);
  const before = heapAfterGc();
  // Answers under the size kept for replays: the byte bound holds.
  const small = await flood('small', 1000);
  await growContact(2000);
  // Answers over it: none is kept.
  const large = await flood('large', 300);
  const grown = heapAfterGc() - before;
  process.stdout.write(`[memory] answers of ${small} and ${large} bytes, 1300 keys: heap grew by ${(grown / 2 ** 20).toFixed(1)} MiB after GC\n`);
  // Small enough to be kept (64 KiB, counted as two bytes a character, with the contact and
  // the headers), large enough that 1000 of them would not fit in the bytes allowed.
  expect(small).toBeGreaterThan(20_000);
  expect(small).toBeLessThan(26_000);
  expect(large).toBeGreaterThan(300_000);
  expect(grown).toBeLessThan(16 * 2 ** 20);
});
