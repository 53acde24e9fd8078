import { Refusal } from './errors.js';

/**
 * The refusal of a body past the limit.
 * @param maxBytes - the largest body accepted
 * @returns the 413 `body_too_large`
 */
export const bodyTooLarge = (maxBytes: number) => new Refusal(413, 'body_too_large', `The request body exceeds ${maxBytes} bytes`);

/**
 * Reads a request body, refusing it as soon as it grows past `maxBytes`: an honest
 * `Content-Length` is refused before reading, a lying one or a chunked body while reading.
 * @param body - the body stream (null for none)
 * @param maxBytes - the largest body accepted
 * @param declaredLength - the `Content-Length` header, if any
 * @returns every byte of the body
 * @throws Refusal 413 `body_too_large`
 */
export async function readBody(body: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: string | null): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  if (Number(declaredLength) > maxBytes) {
    await body.cancel().catch(() => {});
    throw bodyTooLarge(maxBytes);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop the sender here: the rest of the body is never buffered.
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
