import { useEffect, useRef } from 'react';

type Find = () => Element | null | undefined;

/**
 * Controls are disabled while their request runs, which takes the focus off
 * the one pressed (the browser moves it to the page), and a control drawn anew
 * (a queued post in its new slot) is another element: a keyboard or screen
 * reader user would start again from the top. Once the request has `settled`,
 * the focus goes back to the first wanted control that is there and enabled.
 */
export function useFocusBack(settled: boolean) {
  const wanted = useRef<readonly Find[]>(undefined);
  useEffect(() => {
    const finds = wanted.current;
    if (!settled || !finds) return;
    wanted.current = undefined;
    const target = finds.map((find) => find()).find((element) => element instanceof HTMLElement && element.isConnected && !element.matches(':disabled'));
    (target as HTMLElement | undefined)?.focus();
  }, [settled]);
  return {
    /** Before a request: where the focus goes back once it is over (the first of these found enabled). */
    to(...finds: Find[]) {
      wanted.current = finds;
    },
    /** The request moved the focus on purpose (a fresh composer after a save): leave it there. */
    forget() {
      wanted.current = undefined;
    },
  };
}
