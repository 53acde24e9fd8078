/**
 * A string that two contacts with the same content share, whatever their object identity or key
 * order: what `useIdentify` compares between renders, so that a new object literal every render
 * sends nothing new. Like JSON: a `Date` counts as its ISO string and an `undefined` field as
 * missing (identify sends the same then). A number that is not finite gets a key of its own
 * (JSON would make it `null`), so that fixing one is seen as a change. Never throws: a value JSON
 * cannot serialize (a cycle, a BigInt, a throwing getter) gets a key naming the failure.
 * @param contact - what the app passed
 * @returns the key
 */
export function contentKey(contact: unknown): string {
  try {
    // String(): JSON.stringify gives undefined for a function; that is no contact either.
    return String(JSON.stringify(contact, (_name, value: unknown) =>
      typeof value == 'number' && !Number.isFinite(value)
        ? `\0${value}`
        : value && typeof value == 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : value,
    ));
  } catch (error) {
    return `\0${error}`;
  }
}
