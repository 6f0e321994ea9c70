/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the visual shape of a
 * series — peaks and troughs included — with a fixed number of points, so a 4-hour, 1 Hz trace
 * draws as a few hundred SVG points.
 */
export interface SeriesPoint {
  x: number;
  y: number;
}

export function lttb<P extends SeriesPoint>(points: readonly P[], threshold: number): P[] {
  const length = points.length;
  if (threshold >= length || threshold < 3) return points.slice();
  const sampled: P[] = [];
  const bucketSize = (length - 2) / (threshold - 2);
  let anchorIndex = 0;
  const first = points[0];
  if (first === undefined) return [];
  sampled.push(first);

  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    // The average of the next bucket is the third corner of the triangle.
    const nextStart = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, length);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      const p = points[i] as P;
      avgX += p.x;
      avgY += p.y;
    }
    const nextCount = Math.max(nextEnd - nextStart, 1);
    avgX /= nextCount;
    avgY /= nextCount;

    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    const anchor = points[anchorIndex] as P;
    let largestArea = -1;
    let chosen = start;
    for (let i = start; i < end; i++) {
      const p = points[i] as P;
      const area = Math.abs((anchor.x - avgX) * (p.y - anchor.y) - (anchor.x - p.x) * (avgY - anchor.y));
      if (area > largestArea) {
        largestArea = area;
        chosen = i;
      }
    }
    sampled.push(points[chosen] as P);
    anchorIndex = chosen;
  }
  sampled.push(points[length - 1] as P);
  return sampled;
}
