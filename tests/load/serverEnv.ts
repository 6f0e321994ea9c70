/** Settings for a server process under load tests (on top of its store's environment). */
export const LOAD_SERVER_ENV: Record<string, string> = {
  // Everything comes from one loopback address here; the per-address API limit guards the internet.
  RATE_LIMIT_PER_MINUTE: '100000000',
  // Wall dashboards watch without touching anything; idle sign-out is not what is measured.
  IDLE_MINUTES: '0',
};
