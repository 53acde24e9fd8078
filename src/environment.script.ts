// environment.ts for the script-tag bundle (see rollup.config.mjs): a script tag runs in a
// browser, and window.Featurebase is this bundle's own (src/shared-global.ts).

/** Nothing to check: this bundle is only ever loaded by a `<script>` tag. */
export function assertBrowser(): void {}

/**
 * Sends a command to Featurebase's runtime through this bundle's global, which passes it on in call
 * order (or queues it in `Featurebase.q` until their runtime loads).
 * @param call - the command and its arguments, e.g. `'boot', { appId, featurebaseJwt }`
 * @returns what the runtime returns
 */
export const tellFeaturebase = (...call: unknown[]): unknown => window.Featurebase!(...(call as [string]));
