// Small node:http helpers shared by the demo server's routes.

/** Headers every demo response carries: nothing is cached, nothing sniffed. */
const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * Answers JSON.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} [body] - omitted for 204
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  /** @type {Record<string, string>} */
  const out = { ...BASE_HEADERS, ...headers };
  if (body !== undefined) out['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(status, out).end(body === undefined ? undefined : JSON.stringify(body));
}

/**
 * Answers text (a page, a stylesheet, a script).
 * @param {import('node:http').ServerResponse} res
 * @param {string | Buffer} body
 * @param {string} type - the Content-Type
 * @param {Record<string, string>} [headers]
 */
export function sendText(res, body, type, headers = {}) {
  res.writeHead(200, { ...BASE_HEADERS, 'content-type': type, ...headers }).end(body);
}

/**
 * Answers an error in the same shape as the proxy: `{ error: { code, message, param?, status } }`.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {string} [param]
 */
export function sendError(res, status, code, message, param) {
  sendJson(res, status, { error: { code, message, ...(param ? { param } : {}), status } }, status == 405 ? { allow: 'GET, POST' } : {});
}

/**
 * Reads a small JSON body. The demo's own routes take JSON only: a cross-site form cannot send
 * `application/json` without a preflight, which this server never grants.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<unknown>} the parsed body
 * @throws {Error} when it is not JSON (`code` is `unsupported_media_type` for another content type), or larger than 4 KB
 */
export async function readJson(req) {
  if (!/^application\/json\b/i.test(req.headers['content-type'] || '')) {
    throw Object.assign(new Error('Send Content-Type: application/json'), { code: 'unsupported_media_type' });
  }
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 4096) throw new Error('The body is larger than 4 KB');
  }
  return JSON.parse(text);
}
