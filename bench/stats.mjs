// Small statistics and formatting helpers shared by the benchmarks.

/**
 * @param {ArrayLike<number>} values
 * @returns {number} the median of the numbers (the mean of the middle two for an even count)
 */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * @param {ArrayLike<number>} values - samples, in any order
 * @param {number} q - 0..1
 * @returns {number} the q-quantile, linearly interpolated between the closest ranks
 */
export function quantile(values, q) {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

/**
 * @param {number} value
 * @param {number} [digits]
 * @returns {string} "1.23" style fixed digits, or "n/a" for a missing figure
 */
export const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/**
 * @param {number} value
 * @returns {string} the integer with thin thousands separators, e.g. 12 345
 */
export const whole = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US').replace(/,/g, ' ') : 'n/a');

/**
 * @param {number} value
 * @returns {string} a ratio such as "0.87×"
 */
export const ratio = (value) => (Number.isFinite(value) ? value.toFixed(2) + '×' : 'n/a');

/**
 * @param {number} value
 * @param {number} [digits]
 * @returns {string} a signed difference such as "+0.31"
 */
export const signed = (value, digits = 2) => (Number.isFinite(value) ? (value >= 0 ? '+' : '') + value.toFixed(digits) : 'n/a');

/**
 * @param {string[]} header - column titles; a title ending in ':' is right-aligned (the colon is dropped)
 * @param {string[][]} rows - cells, already formatted
 * @returns {string} a Markdown table
 */
export function table(header, rows) {
  const titles = header.map((title) => title.replace(/:$/, ''));
  const align = header.map((title) => (title.endsWith(':') ? '---:' : '---'));
  return [titles, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/**
 * @param {number} ms
 * @returns {Promise<void>} resolved after `ms`
 */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
