export { identify, init, DEFAULT_ENDPOINT } from './client.js';
export type { InitOptions, IdentifyCallback } from './client.js';
export type { IdentifyResult, FeaturebaseContact } from './transport.js';
export { Contact, Company } from './contact.js';
export type { ContactInput, ContactOutput, CompanyInput, CustomFieldValue } from './contact.js';
export { validateContact } from './validate.js';
export { FeaturebaseError, isFeaturebaseError } from './errors.js';
export type { FeaturebaseErrorCode, ContactIssue } from './errors.js';
