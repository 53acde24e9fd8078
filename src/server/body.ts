import { Refusal } from './errors.js';

/**
 * The refusal of a body past the limit.
 * @param maxBytes - the largest body accepted
 * @returns the 413 `body_too_large`
 */
export const bodyTooLarge = (maxBytes: number) => new Refusal(413, 'body_too_large', `The request body exceeds ${maxBytes} bytes`);

/**
 * The refusal of a body that did not arrive in time. Not the app's error: one debug line.
 * @param timeoutMs - the deadline
 * @returns the 408 `body_timeout`
 */
export function bodyTimeout(timeoutMs: number): Refusal {
  console.debug(`[featurebase] a request body did not arrive within ${timeoutMs} ms: 408`);
  return new Refusal(408, 'body_timeout', `The request body did not arrive within ${timeoutMs} ms`);
}

/**
 * The refusal of a body cut off (the client went away). Not the app's error: one debug line.
 * @returns the 400 `body_incomplete`, which nobody may be left to read
 */
export function bodyIncomplete(): Refusal {
  console.debug('[featurebase] a client went away before its request body arrived');
  return new Refusal(400, 'body_incomplete', 'The request body was cut off');
}

/**
 * Runs `work` with a deadline it can race its waits against.
 * @param timeoutMs - the deadline, from now
 * @param onTimeout - the error the deadline rejects with
 * @param work - receives a promise that rejects when the deadline passes
 * @returns what `work` resolves to; the timer is cleared either way
 */
export function withDeadline<T>(timeoutMs: number, onTimeout: () => Error, work: (expired: Promise<never>) => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(onTimeout()), timeoutMs)));
  expired.catch(() => {});
  return work(expired).finally(() => clearTimeout(timer));
}

/**
 * Reads a stream into memory, at most `maxBytes`: past that, or when `expired` rejects first, the
 * stream is cancelled, so that the sender is stopped and its connection freed.
 * @param stream - the body
 * @param maxBytes - the most bytes kept
 * @param expired - a deadline to race every read against
 * @returns the bytes, or undefined when the stream was longer than `maxBytes`
 * @throws what the stream or `expired` rejects with
 */
export async function readAtMost(stream: ReadableStream<Uint8Array>, maxBytes: number, expired?: Promise<never>): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  try {
    for (;;) {
      const read = await (expired ? Promise.race([reader.read(), expired]) : reader.read());
      if ((done = read.done)) break;
      size += read.value.byteLength;
      if (size > maxBytes) return;
      chunks.push(read.value);
    }
  } finally {
    if (!done) reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a request body, refusing it as soon as it grows past `maxBytes`: an honest
 * `Content-Length` is refused before reading, a lying one or a chunked body while reading.
 * @param body - the body stream (null for none)
 * @param maxBytes - the largest body accepted
 * @param declaredLength - the `Content-Length` header, if any
 * @param timeoutMs - how long the whole body may take to arrive
 * @returns every byte of the body
 * @throws Refusal 413 `body_too_large`, 408 `body_timeout`, 400 `body_incomplete`
 */
export async function readBody(body: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength: string | null | undefined, timeoutMs: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  if (Number(declaredLength) > maxBytes) {
    await body.cancel().catch(() => {});
    throw bodyTooLarge(maxBytes);
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await withDeadline(timeoutMs, () => bodyTimeout(timeoutMs), (expired) => readAtMost(body, maxBytes, expired));
  } catch (error) {
    throw error instanceof Refusal ? error : bodyIncomplete();
  }
  if (!bytes) throw bodyTooLarge(maxBytes);
  return bytes;
}
