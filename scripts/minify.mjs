// How the script-tag core is minified: shared by rollup.config.mjs and the size floors of
// `npm run bench`, so the floors are built exactly like the core.

/**
 * Property names no code outside the script-tag bundle can see: valibot's schema, dataset and
 * issue internals. Shortening them, as Preact does with its mangle.json, saves the core ~100 B
 * gzip. terser's `builtins` lets it shorten names that are also DOM names (`type`, `value`,
 * `input`): the core reads none of them from the DOM.
 *
 * Never list a name that is public (an issue's `path` and `message`, event and result fields,
 * FeaturebaseError's fields), a contact field, part of fetch or the DOM that the core uses
 * (`key`, `body`, `status`, `src`), or stored in localStorage (`body`, `id`, `at`).
 * e2e/minified.spec.ts reads every one of them through the built script-tag bundle.
 */
export const internalProps =
  /^(~run|~standard|version|vendor|validate|reference|expects|requirement|typed|wrapped|entries|abortEarly|abortPipeEarly|lang|received|expected|origin|kind|async|fallback|default|check|item|type|input|value)$/;

/**
 * terser options for the script-tag core. Beyond the defaults: arrow functions and methods for
 * function expressions that use no `this` (the core calls none of them with `new`), property reads
 * assumed free of side effects (the core defines no getters), and the internal properties above
 * shortened.
 */
export const coreTerserOptions = {
  ecma: 2020,
  compress: { passes: 4, unsafe_arrows: true, unsafe_methods: true, pure_getters: true, hoist_funs: true },
  mangle: { properties: { builtins: true, regex: internalProps } },
  format: { comments: false },
};
