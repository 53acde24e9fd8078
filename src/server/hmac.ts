import type { ContactOutput } from '../contact.js';

/**
 * Makes an HMAC-SHA256 signer with Web Crypto, so it runs on Node 20 and on edge runtimes alike.
 * @param secret - Featurebase's identity-verification secret
 * @returns a function giving the hex HMAC of a message
 * @example
 * const sign = createSigner(process.env.FEATUREBASE_IDENTITY_SECRET!);
 * await sign('usr_12345'); // '9f86d0...'
 */
export function createSigner(secret: string): (message: string) => Promise<string> {
  const encoder = new TextEncoder();
  const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (message) => {
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(message)));
    return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
  };
}

/**
 * Sets the identity-verification hashes Featurebase checks: `userHash` of the `userId` (else
 * the `email`) and each company's `companyHash` of its `id`. Hashes already there are replaced.
 * @param contact - a validated contact
 * @param sign - from {@link createSigner}
 * @returns a copy of the contact with the hashes
 */
export async function signContact(contact: ContactOutput, sign: (message: string) => Promise<string>): Promise<ContactOutput> {
  const companies = contact.companies && (await Promise.all(contact.companies.map(async (company) => ({ ...company, companyHash: await sign(company.id) }))));
  return { ...contact, userHash: await sign((contact.userId ?? contact.email)!), ...(companies && { companies }) };
}
