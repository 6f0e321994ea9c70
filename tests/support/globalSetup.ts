/**
 * Starts the throwaway services the suites need, once per run, and hands their addresses to the
 * test files through `inject`. Filled in by the PostgreSQL/Redis harness.
 */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
