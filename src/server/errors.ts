/** The `error.type` of Featurebase's error bodies, chosen by status. */
export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'rate_limit_error' | 'api_error';

/** Featurebase's error body: `{"error":{"type","code","message","param","status"}}`. */
export interface ErrorBody {
  error: {
    type: ErrorType;
    /** Machine-readable, e.g. `invalid_parameter`, `forbidden_field`, `body_too_large`. */
    code: string;
    /** For people. Never contains the API key, the identity secret or the upstream URL. */
    message: string;
    /** The field to blame, e.g. `email` or `companies[0].companyHash`. */
    param?: string;
    status: number;
  };
}

const typeOf = (status: number): ErrorType =>
  status == 401
    ? 'authentication_error'
    : status == 403
      ? 'permission_error'
      : status == 429
        ? 'rate_limit_error'
        : status >= 500
          ? 'api_error'
          : 'invalid_request_error';

/**
 * Builds an error body in Featurebase's shape.
 * @param status - the HTTP status it goes out with
 * @param code - machine-readable code
 * @param message - for people
 * @param param - the field to blame, if any
 * @returns the body, ready for JSON.stringify
 */
export function errorBody(status: number, code: string, message: string, param?: string): ErrorBody {
  return { error: { type: typeOf(status), code, message, ...(param == null ? {} : { param }), status } };
}

/** A request the handler refuses: thrown by any step, turned into a response in one place. */
export class Refusal extends Error {
  /**
   * @param status - the HTTP status to answer
   * @param code - the error body's `code`
   * @param message - the error body's `message`
   * @param param - the error body's `param`
   * @param headers - extra response headers, e.g. `Allow`
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The refusal of a handler whose configuration is wrong (its options, or what `resolveUser`
 * returns): the browser learns only that; the server log says why.
 * @returns the 500 `misconfigured`
 */
export const misconfiguredRefusal = () => new Refusal(500, 'misconfigured', 'The identify endpoint is misconfigured: the server log says why');

/**
 * A response as the handler builds it: plain data, made into a Fetch `Response` or written to
 * node:http only once, at the end. Header names are lower-case.
 */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/**
 * A JSON answer the browser may not cache or sniff.
 * @param status - the HTTP status
 * @param body - a JSON string
 * @param headers - extra headers, lower-case names
 * @returns the answer
 */
export function jsonAnswer(status: number, body: string, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
    body,
  };
}

/**
 * Turns a refusal into Featurebase's error shape.
 * @param refusal - what was refused and why
 * @returns the error answer
 */
export function refusalAnswer(refusal: Refusal): Answer {
  const { status, code, message, param, headers } = refusal;
  return jsonAnswer(status, JSON.stringify(errorBody(status, code, message, param)), headers);
}

/**
 * @param answer - what the handler decided
 * @returns it as a Fetch response
 */
export const toResponse = ({ status, headers, body }: Answer): Response => new Response(body, { status, headers });
