import { isOwnIdentify } from './route.js';

type Call = (...args: any[]) => unknown;
/** One call: `[name, ...args]`; the stub logs its methods' calls as `[name, stub, ...args]`. */
type Entry = unknown[];

/** window.Featurebase as the stub (src/snippet.js) or this file builds it; one-letter names keep the stub small. */
interface Shared {
  (...args: unknown[]): unknown;
  /** Calls for this SDK, logged by the stub until it loads, after its methods (functions, skipped); 0 once loaded. */
  p: (Entry | Call)[] | 0;
  /** Featurebase's queue, which their runtime reads when it loads. */
  q: { push(args: Entry): unknown } | Entry[];
  /** Where the stub sends a call that is not ours: Featurebase's function, if any; once loaded, ours. */
  r?: Call;
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
  const log = found?.p;
  if (log === 0) return false;
  // Featurebase's function, if any: their runtime, or their snippet's or featurebase-js's queue. The
  // stub keeps it as `r`.
  let theirs = log ? found!.r : found;

  /** A method's call, logged by the stub (or made through a method taken from it before load): always ours. */
  const method = (call: ArrayLike<unknown>) => log && call[1] === found;
  const ours = (call: ArrayLike<unknown>) =>
    Object.hasOwn(commands, call[0] as string) &&
    (method(call) || call[0] != 'identify' || isOwnIdentify(call[1], () => theirs || document.getElementById('featurebase-sdk')));
  /** What runs every call from now on, whoever made it: ours here, theirs passed on. */
  const run = (...call: Entry): unknown =>
    ours(call)
      ? commands[call[0] as string](...call.slice(method(call) ? 2 : 1))
      : theirs
        ? theirs(...call)
        : void (shared.q as Entry[]).push(call);
  // With the stub, the global stays the stub, which from now on sends every call to `run` (its `r`,
  // its `p` 0). Without, the global is `run` itself, behind an accessor of ours.
  const shared = (log ? found : run) as Shared;
  const keep = (fn: Call) => fn != shared && fn != run && (theirs = fn);
  const queue = (found?.q || []) as Entry[];

  // Ours waiting in Featurebase's queue (put there with no stub, or before it) come out before their
  // runtime can see them, and run first.
  const waiting: Entry[] = [];
  for (let i = 0; i < queue.length; ) ours(queue[i]) ? waiting.push([...queue.splice(i, 1)[0]]) : i++;

  Object.assign(shared, commands, { q: queue, p: 0 });
  Object.defineProperty(log ? found! : target, log ? 'r' : 'Featurebase', { configurable: true, get: () => run, set: keep });
  for (const entry of waiting.concat((log || []).filter(Array.isArray))) {
    // Nobody can catch what a queued call throws (a bad init): report it, and go on with the queue.
    try {
      run(...entry);
    } catch (error) {
      console.error(error);
    }
  }
  return true;
}
