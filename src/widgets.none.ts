// widgets.ts for the script-tag core featurebase.umd.js (see rollup.config.mjs): no widgets'
// token, so the core pays nothing for it. Every function does what widgets.ts does when the
// endpoint signs no token; terser inlines them away. featurebase-widgets.umd.js has widgets.ts.
import type * as Widgets from './widgets.js';

// The signatures are widgets.ts's, so the swap cannot drift; the two below return their argument
// without the `widgets` key the type promises, which is the point: the core has no such option.
/** The options as they are: `widgets` is unknown here (featurebase-widgets.umd.js has it). */
export const withWidgetsOption: typeof Widgets.withWidgetsOption = (entries) => entries as never;
/** The defaults as they are. */
export const withWidgetsDefault: typeof Widgets.withWidgetsDefault = (defaults) => defaults as never;
/** The endpoint's answer as it is. */
export const withToken: typeof Widgets.withToken = (result) => result;
/** The delivery as it is. */
export const markSigned: typeof Widgets.markSigned = (delivered) => delivered;
/** The last delivery as it is. */
export const dedupable: typeof Widgets.dedupable = (last) => last;
/** `{ status: 'unchanged' }`. */
export const unchangedResult: typeof Widgets.unchangedResult = () => ({ status: 'unchanged' });
/** Nothing to pass. */
export const passToken: typeof Widgets.passToken = () => {};
/** Nothing to forget. */
export const forgetToken: typeof Widgets.forgetToken = () => {};
