// featurebase-identify/react. The build puts 'use client' at the top of dist/react.js, so that
// React Server Components files may import it (rollup drops module-level directives of sources).
export { useIdentify } from './use-identify.js';
export type { IdentifyState, IdentifyStatus, UseIdentifyOptions } from './use-identify.js';
export { Identify } from './identify.js';
export type { IdentifyProps } from './identify.js';
