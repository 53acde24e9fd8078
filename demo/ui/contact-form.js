// The contact form <-> a contact object. Empty inputs are left out, except a company's id and
// name: those are required, so they are sent as typed and the SDK names the one left blank.
import { $ } from './dom.js';

const TEXT_FIELDS = ['userId', 'email', 'name', 'phone', 'profilePicture', 'locale', 'createdAt', 'userHash'];
const COMPANY_TEXT_FIELDS = ['plan', 'industry', 'website', 'createdAt', 'companyHash'];
const COMPANY_NUMBER_FIELDS = ['companySize', 'monthlySpend'];

/** A field the form itself cannot turn into a value (custom fields that are not JSON). */
export class FormError extends Error {
  /**
   * @param {string} param - the field's path, e.g. `companies[0].customFields`
   * @param {string} message
   */
  constructor(param, message) {
    super(`${param}: ${message}`);
    this.code = 'form';
    this.param = param;
  }
}

const filled = (/** @type {string} */ value) => value.trim() !== '';

/**
 * @param {string} text - a textarea's value
 * @param {string} path - its field path, for the error
 * @returns {unknown} the parsed JSON, or undefined when empty
 */
function parseJsonField(text, path) {
  if (!filled(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new FormError(path, 'is not valid JSON');
  }
}

/**
 * @param {HTMLElement} fieldset - one `.company`
 * @param {string} path - `companies[i]`
 * @returns {Record<string, unknown>}
 */
function readCompany(fieldset, path) {
  /** @type {(field: string) => string} */
  const value = (field) => $(`[data-field="${field}"]`, fieldset).value;
  /** @type {Record<string, unknown>} */
  const company = { id: value('id'), name: value('name') };
  for (const field of COMPANY_TEXT_FIELDS) if (filled(value(field))) company[field] = value(field);
  // Not a number input: "abc" becomes NaN, and the SDK's validation says which field.
  for (const field of COMPANY_NUMBER_FIELDS) if (filled(value(field))) company[field] = Number(value(field));
  const customFields = parseJsonField(value('customFields'), `${path}.customFields`);
  if (customFields !== undefined) company.customFields = customFields;
  return company;
}

/**
 * Reads the form into the contact to identify. Nothing is validated here: that is the SDK's job.
 * @param {HTMLFormElement} form
 * @returns {Record<string, unknown>}
 * @throws {FormError} when a custom-fields box is not JSON
 */
export function readContact(form) {
  /** @type {(name: string) => string} */
  const value = (name) => /** @type {HTMLInputElement | RadioNodeList} */ (form.elements.namedItem(name)).value;
  /** @type {Record<string, unknown>} */
  const contact = {};
  for (const field of TEXT_FIELDS) if (filled(value(field))) contact[field] = value(field);
  const subscribed = value('subscribedToChangelog');
  if (subscribed) contact.subscribedToChangelog = subscribed == 'true';
  if (filled(value('roles'))) contact.roles = value('roles').split(',').map((role) => role.trim()).filter(Boolean);
  const customFields = parseJsonField(value('customFields'), 'customFields');
  if (customFields !== undefined) contact.customFields = customFields;
  const companies = [.../** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll('.company'))].map((fieldset, i) => readCompany(fieldset, `companies[${i}]`));
  if (companies.length) contact.companies = companies;
  return contact;
}

/**
 * Puts the signed-in user's identifiers and name in the form (or clears them).
 * @param {HTMLFormElement} form
 * @param {{ userId?: string, email?: string, name?: string } | null} user
 */
export function fillIdentity(form, user) {
  for (const field of /** @type {const} */ (['userId', 'email', 'name'])) /** @type {HTMLInputElement} */ (form.elements.namedItem(field)).value = (user && user[field]) || '';
}

/**
 * Lets the form add and remove companies.
 * @param {HTMLElement} list - where the company fieldsets go
 * @param {HTMLTemplateElement} template - one company's fieldset
 * @param {HTMLButtonElement} addButton
 */
export function manageCompanies(list, template, addButton) {
  const renumber = () => list.querySelectorAll('.company legend').forEach((legend, i) => (legend.textContent = `Company ${i + 1} (companies[${i}])`));
  addButton.addEventListener('click', () => {
    const fieldset = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
    $('.remove-company', fieldset).addEventListener('click', () => (fieldset.remove(), renumber()));
    list.append(fieldset);
    renumber();
    $('input', fieldset).focus();
  });
}
