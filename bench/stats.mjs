// Small statistics and formatting helpers shared by the benchmarks.

/** @returns the median of the numbers (the mean of the middle two for an even count) */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * @param values - samples, in any order
 * @param q - 0..1
 * @returns the q-quantile, linearly interpolated between the closest ranks
 */
export function quantile(values, q) {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/** @returns "1.23" style fixed digits, or "n/a" for a missing figure */
export const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** @returns the integer with thin thousands separators, e.g. 12 345 */
export const whole = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US').replace(/,/g, ' ') : 'n/a');

/** @returns a ratio such as "0.87×" */
export const ratio = (value) => (Number.isFinite(value) ? value.toFixed(2) + '×' : 'n/a');

/** @returns a signed difference such as "+0.31" */
export const signed = (value, digits = 2) => (Number.isFinite(value) ? (value >= 0 ? '+' : '') + value.toFixed(digits) : 'n/a');

/**
 * @param header - column titles; a title ending in ':' is right-aligned (the colon is dropped)
 * @param rows - cells, already formatted
 * @returns a Markdown table
 */
export function table(header, rows) {
  const titles = header.map((title) => title.replace(/:$/, ''));
  const align = header.map((title) => (title.endsWith(':') ? '---:' : '---'));
  return [titles, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** @returns a promise resolved after `ms` */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
