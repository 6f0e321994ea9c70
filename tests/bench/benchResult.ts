/**
 * One measured figure beside its reference, measured in the same run. `ratio` is always
 * "ours relative to the reference" in the direction the target is stated.
 */
export interface BenchResult {
  /** What was measured, e.g. "4-hour 1 Hz chart: one live update". */
  name: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
  /** value / reference (or reference / value for costs), as the target reads it. */
  ratio?: number;
  /** The target in words, e.g. "≤ 16 ms" or "≥ 0.5× raw inserts". */
  target: string;
  met: boolean;
  detail?: string;
}

export interface BenchSuite {
  title: string;
  run(): Promise<BenchResult[]>;
}
