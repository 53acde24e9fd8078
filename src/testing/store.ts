import { createHmac, randomBytes } from 'node:crypto';
import type { ContactOutput, CustomFieldValue } from '../contact.js';

/** A company as Featurebase returns it inside a contact. */
export interface EmulatedCompany {
  object: 'company';
  /** Featurebase's id of the company (24 hex characters). */
  id: string;
  /** Your company id, as sent in `companies[].id`. */
  companyId: string;
  name: string;
  companySize?: number;
  createdAt: string;
  customFields: Record<string, CustomFieldValue>;
  industry?: string;
  lastActivity: string;
  /** How many stored contacts belong to the company. */
  linkedUsers: number;
  monthlySpend?: number;
  plan?: string;
  updatedAt: string;
  website?: string;
}

/** A contact as Featurebase returns it from `POST /v2/contacts`. */
export interface EmulatedContact {
  object: 'contact';
  /** Featurebase's id of the contact (24 hex characters). */
  id: string;
  type: 'customer';
  email?: string;
  userId?: string;
  name?: string;
  profilePicture?: string;
  phone?: string;
  locale?: string;
  roles: string[];
  subscribedToChangelog: boolean;
  manuallyOptedOutFromChangelog: boolean;
  customFields: Record<string, CustomFieldValue>;
  companies: EmulatedCompany[];
  commentsCreated: number;
  postsCreated: number;
  description: string;
  organizationId: string;
  createdAt: string;
  lastActivity: string;
  /** Whether `userHash` matched, when the emulator knows the identity secret. */
  verified: boolean;
}

type StoredContact = Omit<EmulatedContact, 'companies'> & { companyIds: string[] };
type CompanyRecord = Omit<EmulatedCompany, 'linkedUsers'>;

const hexId = () => randomBytes(12).toString('hex');
const iso = (date: string | Date | undefined, fallback: string) => (date == null ? fallback : typeof date == 'string' ? date : date.toISOString());
const defined = <T extends object>(fields: T) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;

/**
 * Featurebase's contacts and companies, in memory: upsert keyed by `userId`, then `email`.
 * @param identitySecret - when set, `verified` tells whether `userHash` matched
 * @returns the store
 */
export function createStore(identitySecret?: string) {
  const organizationId = hexId();
  const contacts: StoredContact[] = [];
  const companies = new Map<string, CompanyRecord>();

  function render({ companyIds, ...contact }: StoredContact): EmulatedContact {
    const linked = (companyId: string) => contacts.filter((other) => other.companyIds.includes(companyId)).length;
    return structuredClone({ ...contact, companies: companyIds.map((id) => ({ ...companies.get(id)!, linkedUsers: linked(id) })) });
  }

  function find(input: ContactOutput): StoredContact | undefined {
    const byUserId = input.userId != null && contacts.find((contact) => contact.userId === input.userId);
    if (byUserId) return byUserId;
    const email = input.email?.toLowerCase();
    // A contact found by email is only taken over when it has no other userId.
    return contacts.find((contact) => email && contact.email?.toLowerCase() == email && (input.userId == null || contact.userId == null));
  }

  function upsertCompany(company: NonNullable<ContactOutput['companies']>[number], now: string): void {
    const { id, companyHash: _, customFields, createdAt, ...fields } = company;
    const existing = companies.get(id);
    companies.set(id, {
      object: 'company',
      id: existing?.id ?? hexId(),
      companyId: id,
      ...existing,
      ...defined(fields),
      name: fields.name,
      createdAt: iso(createdAt, existing?.createdAt ?? now),
      customFields: { ...existing?.customFields, ...customFields },
      lastActivity: now,
      updatedAt: now,
    });
  }

  return {
    /**
     * Creates or updates a contact, merging fields, custom fields and companies (by company id).
     * @param input - a validated contact
     * @returns 201 and the contact when created, 200 when updated
     */
    upsert(input: ContactOutput): { status: 200 | 201; contact: EmulatedContact } {
      const now = new Date().toISOString();
      const { userHash, companies: inputCompanies = [], customFields, createdAt, ...fields } = input;
      let contact = find(input);
      const status = contact ? 200 : 201;
      if (!contact) {
        contact = {
          object: 'contact',
          id: hexId(),
          type: 'customer',
          roles: [],
          subscribedToChangelog: true,
          manuallyOptedOutFromChangelog: false,
          customFields: {},
          companyIds: [],
          commentsCreated: 0,
          postsCreated: 0,
          description: '',
          organizationId,
          createdAt: iso(createdAt, now),
          lastActivity: now,
          verified: false,
        };
        contacts.push(contact);
      }
      for (const company of inputCompanies) upsertCompany(company, now);
      Object.assign(contact, defined(fields), {
        customFields: { ...contact.customFields, ...customFields },
        companyIds: [...new Set([...contact.companyIds, ...inputCompanies.map((company) => company.id)])],
        lastActivity: now,
      });
      if (userHash !== undefined) {
        const expected = identitySecret && createHmac('sha256', identitySecret).update((contact.userId ?? contact.email)!).digest('hex');
        contact.verified = userHash === expected;
      }
      return { status, contact: render(contact) };
    },
    /** @returns every stored contact, as the API returns it, oldest first */
    list: (): EmulatedContact[] => contacts.map(render),
    /** Forgets every contact and company. */
    clear(): void {
      contacts.length = 0;
      companies.clear();
    },
  };
}
