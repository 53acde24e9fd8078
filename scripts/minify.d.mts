/** Matches the property names terser may shorten in dist/featurebase.umd.js. */
export declare const internalProps: RegExp;
/** terser options for the script-tag core. */
export declare const coreTerserOptions: Record<string, unknown>;
