import { environmentWithSecrets } from '../../adapters/aws/secrets';
import type { Env } from '../../contract/environment';

let merged: Promise<Env> | undefined;

/**
 * The environment with the app secret's values merged over it, read once per
 * cold start: for the functions that hold a secret (posts: the cursor key;
 * account and mail: the same key signs unsubscribe tokens;
 * linkedin: the LinkedIn client; ai: the OpenAI key) and only them, so the
 * Secrets Manager client is in no other function's bundle.
 */
export function secretEnv(): Promise<Env> {
  return (merged ??= environmentWithSecrets().catch((error: unknown) => {
    merged = undefined; // a failed cold start is retried on the next invocation
    throw error;
  }));
}
