import { Refusal, type Answer } from './errors.js';

const ALLOW = 'POST, OPTIONS';

/**
 * Decides whether a request may come from where it comes from (CSRF): same-origin requests
 * (no `Origin`, or the request URL's own) pass, cross-origin ones only from a listed origin.
 * @param request - the incoming request
 * @param allowedOrigins - normalized origins allowed cross-origin
 * @returns the CORS headers the response needs (empty for same-origin)
 * @throws Refusal 403 `origin_not_allowed`
 */
export function checkOrigin(request: Request, allowedOrigins: readonly string[]): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin == null || origin === new URL(request.url).origin) return {};
  if (allowedOrigins.includes(origin)) return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
  throw new Refusal(403, 'origin_not_allowed', `Requests from origin ${origin} are not allowed: list it in allowedOrigins if it is yours`);
}

/**
 * Answers an OPTIONS request: a CORS preflight from a listed origin gets the CORS headers;
 * one without a cross-origin `Origin` just learns the allowed methods.
 * @param request - the OPTIONS request
 * @param allowedOrigins - normalized origins allowed cross-origin
 * @returns a 204 answer
 * @throws Refusal 403 `origin_not_allowed` for an unlisted origin
 */
export function answerPreflight(request: Request, allowedOrigins: readonly string[]): Answer {
  const cors = checkOrigin(request, allowedOrigins);
  if (!cors['access-control-allow-origin']) return { status: 204, headers: { allow: ALLOW }, body: null };
  // Echo the headers the page asked for (a CSRF token header, say) when they are plain header names.
  const requested = request.headers.get('access-control-request-headers') || '';
  const headers = /^[\w-]+(\s*,\s*[\w-]+)*$/.test(requested) ? requested : 'content-type';
  return {
    status: 204,
    headers: { ...cors, 'access-control-allow-methods': ALLOW, 'access-control-allow-headers': headers, 'access-control-max-age': '600', vary: 'Origin' },
    body: null,
  };
}

/** The 405 for any method but POST and OPTIONS. */
export const methodNotAllowed = (method: string) => new Refusal(405, 'method_not_allowed', `${method} is not allowed: use POST`, undefined, { allow: ALLOW });
