import { describe, expect, it } from 'vitest';
import { lttb } from '../../shared/charts/lttb.ts';

const series = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => ({ x: i, y: f(i) }));

describe('LTTB downsampling', () => {
  it('returns the series unchanged when it is already small enough', () => {
    const points = series(10, (i) => i * 2);
    expect(lttb(points, 20)).toEqual(points);
  });

  it('keeps the requested number of points, the first and the last, in order', () => {
    const points = series(14_400, (i) => Math.sin(i / 300) * 20 + 80);
    const sampled = lttb(points, 400);
    expect(sampled).toHaveLength(400);
    expect(sampled[0]).toBe(points[0]);
    expect(sampled.at(-1)).toBe(points.at(-1));
    for (let i = 1; i < sampled.length; i++) expect((sampled[i]?.x ?? 0) > (sampled[i - 1]?.x ?? 0)).toBe(true);
  });

  it('keeps a brief desaturation that plain decimation would lose', () => {
    // Four hours at 1 Hz of SpO2 97 % with a 15-second dip to 85 %.
    const points = series(14_400, (i) => (i >= 7010 && i < 7025 ? 85 : 97));
    const sampled = lttb(points, 300);
    expect(Math.min(...sampled.map((p) => p.y))).toBe(85);
    const decimated = points.filter((_, i) => i % 48 === 0);
    expect(Math.min(...decimated.map((p) => p.y))).toBe(97);
  });
});
