export { createEmulator, startEmulator } from './emulator.js';
export type { Emulator, EmulatorOptions, RecordedRequest, StartedEmulator } from './emulator.js';
export type { FailFault, FaultSettings } from './faults.js';
export type { EmulatedContact, EmulatedCompany } from './store.js';
export { verifyWidgetToken } from './widget-token.js';
export type { WidgetTokenClaims, WidgetTokenCompany } from '../server/widget-token.js';
