/** Something GET /health proves reachable: one cheap call, abandoned when `signal` aborts. */
export interface DependencyCheck {
  /** Shown in the health report and in a 503's details, e.g. `database`. */
  readonly name: string;
  check(signal: AbortSignal): Promise<void>;
}
