import { useSyncExternalStore, type ComponentProps, type MouseEvent } from 'react';

/**
 * The app's few pages as real addresses (/calendar, /settings…), with the
 * History API and no router library: a reload or a shared link opens the same
 * page (the local runtime and CloudFront serve index.html for these paths).
 */
export interface PageRoute {
  path: string;
  /** In the navigation bar and the document title. */
  label: string;
}

export const PAGES = {
  write: { path: '/', label: 'Write' },
  posts: { path: '/posts', label: 'Posts' },
  calendar: { path: '/calendar', label: 'Calendar' },
  queue: { path: '/queue', label: 'Queue' },
  settings: { path: '/settings', label: 'Settings' },
  help: { path: '/help', label: 'Help' },
} as const satisfies Record<string, PageRoute>;

export type PageName = keyof typeof PAGES;

export const NAV_ORDER: readonly PageName[] = ['write', 'posts', 'calendar', 'queue', 'settings', 'help'];

/** What an address shows: one of the pages, or "not found" for a path that is none of them (a mistyped or stale link). */
export type Route = PageName | 'notFound';

/** The page for a path (a trailing slash ignored); any other path is not found, said as such rather than shown as another page. */
export function routeFor(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  return (Object.keys(PAGES) as PageName[]).find((name) => PAGES[name].path === path) ?? 'notFound';
}

/** The route's name, for the document title. */
export function routeLabel(route: Route): string {
  return route === 'notFound' ? 'Page not found' : PAGES[route].label;
}

const CHANGE = 'mark0:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(CHANGE, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(CHANGE, listener);
  };
}

const snapshot = () => `${window.location.pathname}${window.location.search}`;

/** The current path and query; re-renders on navigation (links, back/forward). */
export function useLocation(): { pathname: string; search: string } {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, 'http://app.invalid');
  return { pathname: url.pathname, search: url.search };
}

/** In-app navigation: a new history entry (or a replaced one), then every useLocation re-renders. */
export function navigateTo(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

/** An <a> that navigates in the app; modified clicks (new tab, window) stay the browser's. */
export function Link({ to, onClick, ...rest }: ComponentProps<'a'> & { to: string }) {
  function click(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateTo(to);
  }
  return <a href={to} onClick={click} {...rest} />;
}
