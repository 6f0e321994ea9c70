/**
 * Wall-clock milliseconds with sub-millisecond resolution that mean the same instant in every
 * process on this machine, so a send time taken in one process and an arrival time taken in
 * another can be subtracted.
 */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
