export { createIdentifyHandler } from './handler.js';
export type { IdentifyHandler } from './handler.js';
export { createNodeHandler, toNodeHandler } from './node.js';
export type { NodeHandler, NodeRequest, NodeResponse } from './node.js';
export { createSigner } from './hmac.js';
export { DEFAULT_API_VERSION, DEFAULT_BASE_URL } from './options.js';
export type { IdentifyHandlerOptions, SessionUser, PrivilegedField, Limits, Awaitable } from './options.js';
export type { SignedInUser } from './session.js';
export type { ErrorBody, ErrorType } from './errors.js';
