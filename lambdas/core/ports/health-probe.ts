/** What one probe of a deployed GET /health found. */
export interface ProbeResult {
  ok: boolean;
  /** HTTP status, or null when no answer came (timeout, DNS, TLS, connection). */
  status: number | null;
  latencyMs: number;
  /** Why it failed, for the log; absent when ok. */
  problem?: string;
}

/** Calls the API's health endpoint from outside, the way a user's browser reaches it. */
export interface HealthProbe {
  probe(): Promise<ProbeResult>;
}
