import type { IdentifyOptions } from '../client.js';
import type { InitOptions } from '../config.js';
import type { ContactInput, ContactOutput } from '../contact.js';
import type { on } from '../events.js';

/**
 * The part of the SDK the panel drives: the ESM module (`import * as sdk from
 * 'featurebase-identify'`) or the script-tag `window.Featurebase` both fit.
 */
export interface DebugApi {
  /** Feeds the log, the state and the rate-limit headroom. */
  on: typeof on;
  /** The identity shown, read again after every event. */
  getIdentity(): ContactOutput | null;
  /** Resend: called with the current identity and `{ force: true }`. */
  identify(contact: ContactInput, options: IdentifyOptions): Promise<unknown>;
  /** Reset. */
  reset(): void;
  /** Called with `{}` to read the endpoint and the dedupe window in force. */
  init(options: InitOptions): Required<InitOptions>;
}
