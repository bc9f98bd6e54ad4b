import { useEffect, useState, type DependencyList } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';

/**
 * What a page section loads once (and again when `deps` change): the value,
 * or the error, never a stale answer from an earlier load.
 */
export function useLoaded<T>(load: () => Promise<T>, deps: DependencyList): { value: T | undefined; error: unknown } {
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>({ value: undefined, error: undefined });
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ value, error: undefined }),
      (error: unknown) => live && setState({ value: undefined, error }),
    );
    return () => {
      live = false;
    };
    // The caller names what the load depends on, as with useEffect.
  }, deps);
  return state;
}

export interface Action {
  busy: boolean;
  error: unknown;
  /** The last success, announced (role="status"). */
  message: string;
  /** Runs `work`; its result (a sentence) becomes the message, a throw the error. */
  run(work: () => Promise<string>): Promise<void>;
}

/** A button's request: busy while it runs, then its outcome in words. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  return {
    busy,
    error,
    message,
    async run(work) {
      setBusy(true);
      setError(undefined);
      setMessage('');
      try {
        setMessage(await work());
      } catch (caught) {
        setError(caught);
      } finally {
        setBusy(false);
      }
    },
  };
}

/** An action's outcome under its form: the API's words on failure, the success line otherwise. */
export function ActionOutcome({ action }: { action: Action }) {
  return (
    <>
      {action.error !== undefined && <ErrorNotice error={action.error} />}
      <p className="flash" role="status">
        {action.message}
      </p>
    </>
  );
}
