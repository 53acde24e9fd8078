// Child process: the emulator the servers under test forward to. Started by bench/proxy.mjs.
import { startEmulator } from 'featurebase-identify/testing';

// High enough that the load never meets the per-minute limit.
const emulator = await startEmulator({ rateLimit: 1e9 });
// The emulator keeps every request it receives in `requests`, without bound (see
// src/testing/emulator.ts, serveApi). Under load that is thousands of bodies a second, so the
// log is emptied often; the one contact the load upserts stays stored.
setInterval(() => emulator.requests.splice(0), 200).unref();
// Started with an IPC channel: `send` is there.
/** @type {NonNullable<typeof process.send>} */ (process.send)({ url: emulator.url, apiKey: emulator.apiKey });
process.on('disconnect', () => emulator.close().then(() => process.exit(0)));
