export { debug, mountDebugPanel } from './api.js';
export type { DebugApi } from './types.js';
