import { isOwnIdentify } from './route.js';

type Call = (...args: any[]) => unknown;
/** One call: `[name, ...args]`; the stub logs its methods' calls as `[[name], ...args]`. */
type Entry = unknown[];

/** window.Featurebase as the stub (src/snippet.js) or this file builds it; one-letter names keep the stub small. */
interface Shared {
  (...args: unknown[]): unknown;
  /** Calls for this SDK, logged by the stub until it loads; then a pusher that runs them. */
  p: Entry[] | { push(entry: Entry): unknown };
  /** Featurebase's queue, which their runtime reads when it loads. */
  q: { push(args: Entry): unknown } | Entry[];
  /** Where the stub sends a call that is not ours: Featurebase's function (0 when none); once loaded, ours. */
  r?: Call | 0;
  /** The stub's getter gives this, once loaded: the SDK's global. */
  b?: Shared;
  /** Only ours has it: a global with an `identify` and no log is an older copy of our stub. */
  identify?: unknown;
}

/**
 * Makes `target.Featurebase` this SDK's global, shared with Featurebase's widget SDK (their
 * snippet, their runtime `sdk.js`, featurebase-js), whatever came first: each call goes to the
 * SDK it belongs to, exactly once. Featurebase's go to their runtime, or wait in `Featurebase.q`,
 * the queue it reads when it loads; ours run here, those that were waiting first, in call order.
 * The global is an accessor, so their runtime replacing it with a function of its own only tells
 * us where their calls go from then on.
 * @param target - `window`
 * @param commands - this SDK's commands, by name
 * @returns false when this SDK was already there (loaded twice): then nothing changes
 */
export function shareGlobal(target: { Featurebase?: unknown }, commands: Record<string, Call>): boolean {
  const found = target.Featurebase as Shared | undefined;
  const log = found?.p as Entry[] | undefined;
  if (log && !Array.isArray(log)) return false;
  // Featurebase's function, if any: their runtime, or their snippet's or featurebase-js's queue. The
  // stub keeps it as `r`; an older copy of our stub (an `identify`, no log) has none.
  let theirs = found?.identify ? found.r : found;

  const ours = (call: ArrayLike<unknown>) =>
    Object.hasOwn(commands, call[0] as string) &&
    (call[0] != 'identify' || isOwnIdentify(call[1], () => theirs || document.getElementById('featurebase-sdk')));
  /** The global from now on; also the way to send Featurebase a command of ours, in order. */
  const api = ((...call: Entry) =>
    ours(call) ? commands[call[0] as string](...call.slice(1)) : theirs ? theirs(...call) : void (api.q as Entry[]).push(call)) as Shared;
  /** Runs a call the stub logged: a method's is ours whatever its payload, the call style's is decided now. */
  const take = ([name, ...args]: Entry) => (Array.isArray(name) ? commands[name[0]](...args) : api(name, ...args));
  const keep = (fn: Call) => fn != api && fn != found && (theirs = fn);
  const queue = (found?.q || []) as Entry[];
  Object.assign(api, commands, { q: queue, p: { push: take } });

  // Ours waiting in Featurebase's queue (put there with no stub, or before it) come out before their
  // runtime can see them, and run first.
  const waiting: Entry[] = [];
  for (let i = 0; i < queue.length; ) ours(queue[i]) ? waiting.push([...queue.splice(i, 1)[0]]) : i++;

  // With the stub, it stays window's accessor: its getter now gives `api` (`b`), its setter and a
  // stale reference to it reach us through `r` and `p`. Without, window gets an accessor of ours.
  Object.defineProperty(log ? found! : target, log ? 'r' : 'Featurebase', { configurable: true, get: () => api, set: keep });
  if (log) Object.assign(found!, { b: api, p: api.p });
  for (const entry of waiting.concat(log || [])) {
    // Nobody can catch what a queued call throws (a bad init): report it, and go on with the queue.
    try {
      take(entry);
    } catch (error) {
      console.error(error);
    }
  }
  return true;
}
