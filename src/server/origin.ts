import { Refusal, type Answer } from './errors.js';

const ALLOW = 'POST, OPTIONS';

/**
 * A host as the origin check compares it: lower-case, without a default port, so that
 * `https://app.example.com` (the browser's Origin) matches `app.example.com:80` (the Host a
 * TLS-terminating proxy passes on).
 * @param url - an origin (`https://app.example.com`) or `http://` + a Host header
 * @returns `hostname[:port]`, or null when it is no URL (an opaque origin, `null`)
 */
function hostOf(url: string): string | null {
  try {
    const { hostname, port } = new URL(url);
    return port && port != '80' && port != '443' ? `${hostname}:${port}` : hostname;
  } catch {
    return null;
  }
}

/**
 * Tells whether a request was made by a page of this site itself, by what the browser says.
 * Fetch Metadata first: `Sec-Fetch-Site` is set by the browser and no page can forge it;
 * `same-origin` is ours, `none` a navigation the user started, anything else another site.
 * Without it (older browsers; browsers send it only to https and localhost), the `Origin`'s
 * host against the request's: the `Host` header (HTTP/1) or the URL's host (`:authority` on
 * HTTP/2), never the scheme, which a TLS-terminating proxy changes. No `Origin` at all is no
 * cross-site browser request: browsers send it with every cross-origin POST.
 * `X-Forwarded-Host` is not read: a page whose preflight an app-wide CORS middleware allowed
 * could set it to its own host.
 * @param request - the incoming request
 * @param origin - its `Origin` header
 * @returns true when the request comes from the same site
 */
function isSameOrigin(request: Request, origin: string | null): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site != null) return site == 'same-origin' || site == 'none';
  if (origin == null) return true;
  const host = request.headers.get('host');
  const claimed = hostOf(origin);
  return claimed != null && claimed === (host ? hostOf(`http://${host}`) : hostOf(request.url));
}

/**
 * Decides whether a request may come from where it comes from (CSRF): requests from the page's
 * own site pass without configuration (see {@link isSameOrigin}), others only from a listed origin.
 * @param request - the incoming request
 * @param allowedOrigins - normalized origins allowed cross-origin
 * @returns the CORS headers the response needs (empty for same-origin)
 * @throws Refusal 403 `origin_not_allowed`
 */
export function checkOrigin(request: Request, allowedOrigins: readonly string[]): Record<string, string> {
  const origin = request.headers.get('origin');
  if (isSameOrigin(request, origin)) return {};
  if (origin != null && allowedOrigins.includes(origin)) return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
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
