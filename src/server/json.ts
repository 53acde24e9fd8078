import { Refusal } from './errors.js';

/** Deeper than any valid contact (contact > companies > company > customFields > array is 5). */
const MAX_DEPTH = 16;

/**
 * Tells whether JSON text nests deeper than `max`, without parsing it: a deeply nested body
 * is refused before JSON.parse or the schema ever recurse into it.
 * @param text - JSON text
 * @param max - the deepest nesting allowed
 * @returns true when some array or object sits deeper than `max`
 */
function nestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char == '\\') i++;
      else if (char == '"') inString = false;
    } else if (char == '"') inString = true;
    else if (char == '{' || char == '[') {
      if (++depth > max) return true;
    } else if (char == '}' || char == ']') depth--;
  }
  return false;
}

/**
 * Decodes a UTF-8 JSON body safely. `__proto__` and `constructor` keys stay plain data
 * (JSON.parse defines own properties and never touches prototypes); the strict contact
 * schema then refuses them by name.
 * @param bytes - the raw body
 * @returns the parsed value
 * @throws Refusal 400 `invalid_json` for bad UTF-8, bad JSON, or nesting deeper than 16
 */
export function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Refusal(400, 'invalid_json', 'The request body is not valid UTF-8');
  }
  if (nestsDeeper(text, MAX_DEPTH)) throw new Refusal(400, 'invalid_json', `The request body nests deeper than ${MAX_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, 'invalid_json', 'The request body is not valid JSON');
  }
}
