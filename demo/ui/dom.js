// DOM helpers for the demo's UI. Data only ever goes in as text nodes, never as HTML.

/**
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {any} the first match (the demo's markup has it)
 */
export const $ = (selector, root = document) => root.querySelector(selector);

/** @type {(child: Node | string | null | undefined | false) => child is Node | string} */
const present = (child) => Boolean(child);

/**
 * Creates an element. Strings among `children` become text nodes, so user data cannot inject markup.
 * @param {string} tag
 * @param {Record<string, string | undefined>} [attributes] - undefined ones are skipped
 * @param {...(Node | string | null | undefined | false)} children - falsy ones are skipped
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  element.append(...children.filter(present));
  return element;
}

/**
 * @param {unknown} value
 * @returns {string} pretty JSON
 */
export const pretty = (value) => JSON.stringify(value, null, 2);

/**
 * Fetches JSON from the demo server.
 * @param {string} path
 * @param {unknown} [body] - when given, POSTed as JSON
 * @returns {Promise<{ ok: boolean, status: number, body: any }>}
 */
export async function request(path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  const text = await response.text();
  return { ok: response.ok, status: response.status, body: text ? JSON.parse(text) : null };
}
