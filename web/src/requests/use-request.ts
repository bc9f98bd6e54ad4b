import { useState } from 'react';

export interface Request<Kind> {
  /** What is running (which button, which post…); undefined when nothing is. */
  busy: Kind | undefined;
  /** How the last run failed, in the API's words (an ApiError) or otherwise; undefined after a success. */
  error: unknown;
  setError(error: unknown): void;
  /** Runs `work` as `kind`: busy meanwhile, a throw becomes the error. Resolves true when it succeeded. */
  run(kind: Kind, work: () => Promise<void>): Promise<boolean>;
}

/**
 * One request at a time from one part of a page (a card, a form, the
 * calendar): what is running, and the error to show when it failed. The
 * failure stays on screen where the user acted; nothing is thrown further.
 */
export function useRequest<Kind = true>(): Request<Kind> {
  const [busy, setBusy] = useState<Kind>();
  const [error, setError] = useState<unknown>();
  return {
    busy,
    error,
    setError,
    async run(kind, work) {
      setBusy(kind);
      setError(undefined);
      try {
        await work();
        return true;
      } catch (caught) {
        setError(caught);
        return false;
      } finally {
        setBusy(undefined);
      }
    },
  };
}
