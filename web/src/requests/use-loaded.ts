import { useEffect, useState, type DependencyList } from 'react';

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
