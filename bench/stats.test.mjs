// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { median, quantile, ratio, signed, table } from './stats.mjs';

describe('bench statistics', () => {
  it('takes medians of odd and even counts, in any order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('interpolates quantiles between the closest ranks', () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile([10, 20], 0.25)).toBe(12.5);
    expect(quantile([10, 20], 1)).toBe(20);
  });

  it('formats ratios, signed differences and tables', () => {
    expect(ratio(0.6712)).toBe('0.67×');
    expect(signed(2.261)).toBe('+2.26');
    expect(signed(-0.5, 1)).toBe('-0.5');
    expect(ratio(NaN)).toBe('n/a');
    expect(table(['a', 'b:'], [['x', '1']])).toBe('| a | b |\n| --- | ---: |\n| x | 1 |');
  });
});
