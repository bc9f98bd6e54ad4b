/** The options every operator command that talks to a table takes (see connection.ts), for node:util's parseArgs. */
export const TABLE_OPTIONS = {
  local: { type: 'boolean', default: false },
  table: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

/**
 * Runs an operator command's strict parseArgs: a typo is reported with the
 * usage (exit code 1), `--help` prints the usage (exit code 0); otherwise the
 * parsed values.
 */
export function commandLine<T extends { help?: boolean | undefined }>(parse: () => T, usage: string, out: (line: string) => void): T | { exit: number } {
  let values: T;
  try {
    values = parse();
  } catch (error) {
    out(`${(error as Error).message}\n\n${usage}`);
    return { exit: 1 };
  }
  if (!values.help) return values;
  out(usage);
  return { exit: 0 };
}
