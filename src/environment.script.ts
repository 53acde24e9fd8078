// environment.ts for the script-tag bundle (see rollup.config.mjs): a script tag runs in a browser.

/** Nothing to check: this bundle is only ever loaded by a `<script>` tag. */
export function assertBrowser(): void {}
