/** The serialisable form of a histogram, small enough to pass between processes. */
export interface HistogramData {
  /** [bucket index, count] for every non-empty bucket. */
  buckets: Array<[number, number]>;
  count: number;
  max: number;
}

// 1 % wide buckets from 10 µs: a sample's bucket says its value to within 1 %, and ten minutes of
// samples still fit in a few hundred numbers.
const GROWTH = 1.01;
const FLOOR_MS = 0.01;
const LOG_GROWTH = Math.log(GROWTH);

/** Latencies in log-spaced buckets: constant memory however many samples, mergeable across windows. */
export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  max = 0;

  static from(data: HistogramData): LatencyHistogram {
    const histogram = new LatencyHistogram();
    histogram.merge(data);
    return histogram;
  }

  add(ms: number): void {
    const value = Math.max(ms, FLOOR_MS);
    const index = Math.ceil(Math.log(value / FLOOR_MS) / LOG_GROWTH);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  merge(data: HistogramData): void {
    for (const [index, count] of data.buckets) this.buckets.set(index, (this.buckets.get(index) ?? 0) + count);
    this.count += data.count;
    this.max = Math.max(this.max, data.max);
  }

  /** The value below which `p` % of the samples fall (a bucket's upper edge, never above the max); NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(index) ?? 0;
      if (seen >= rank) return Math.min(FLOOR_MS * GROWTH ** index, this.max);
    }
    return this.max;
  }

  toData(): HistogramData {
    return { buckets: [...this.buckets.entries()], count: this.count, max: this.max };
  }
}
