export { createEmulator, startEmulator } from './emulator.js';
export type { Emulator, EmulatorOptions, RecordedRequest, StartedEmulator } from './emulator.js';
export type { FailFault, FaultSettings } from './faults.js';
export type { EmulatedContact, EmulatedCompany } from './store.js';
