// An open-loop load at a fixed rate: request i leaves at start + i / rate whether or not the
// earlier ones are answered, each on a free keep-alive connection. autocannon's own rate
// (`overallRate`) sends each connection's share of a second back to back when the second
// starts, so its latencies measure a queue of bursts; evenly spaced requests measure the time to
// serve one, as long as the server keeps up.
import { Agent, request } from 'node:http';
import { quantile } from './stats.mjs';

/** The longest a request may take before it counts as failed: nothing waits longer. */
const TIMEOUT_MS = 10_000;

/**
 * Sends `rate × seconds` requests, evenly spaced.
 * @param {string} url - where to POST
 * @param {{ rate: number, seconds: number, body: (i: number) => string, headers: (i: number) => Record<string, string> }} options - `rate` (requests/s), `seconds`, `body(i)` and `headers(i)` of request i
 * @returns requests/s answered (answers over the time from the first send to the last answer),
 * p50 and p99 in ms (from each request's send to its answer's end), the count, the 429s, and the
 * count of failures and answers neither 2xx nor 429; `lateMs`, the p99 of how late a request left
 * (the load generator's own delay, large when the machine is too busy to pace)
 */
export async function pacedLoad(url, { rate, seconds, body, headers }) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(rate * seconds);
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const late = [];
  let [limited, bad, answered] = [0, 0, 0];
  const start = performance.now();
  let end = start;
  await new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
    const settle = () => {
      end = performance.now();
      if (++answered == total) resolve();
    };
    const send = (/** @type {number} */ i) => {
      const sentAt = performance.now();
      late.push(sentAt - (start + (i * 1000) / rate));
      const text = body(i);
      const req = request(url, { method: 'POST', agent, headers: { ...headers(i), 'content-length': Buffer.byteLength(text) } }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - sentAt);
          if (res.statusCode == 429) limited++;
          else if ((res.statusCode ?? 0) >= 300) bad++;
          settle();
        });
      });
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', () => (bad++, settle()));
      req.end(text);
    };
    let sent = 0;
    const tick = () => {
      while (sent < total && start + (sent * 1000) / rate <= performance.now()) send(sent++);
      if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  agent.destroy();
  return {
    rps: latencies.length / ((end - start) / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    count: latencies.length,
    limited,
    bad,
    lateMs: quantile(late, 0.99),
  };
}
