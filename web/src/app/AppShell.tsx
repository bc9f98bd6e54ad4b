import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useAccount } from '../account/account-context';
import type { Me } from '../api/mark-api';
import { connectionState, describeDaysLeft, type LinkedInNews } from '../linkedin/connection-state';
import { isOtherMember, type PreviousConnection } from '../linkedin/previous-connection';
import { Link, NAV_ORDER, PAGES, routeLabel, type Route } from '../navigation/router';
import { formatDay } from '../posts/format-time';

interface AppShellProps {
  page: Route;
  onSignOut(): void;
  signingOut?: boolean;
  /** How the trip to LinkedIn's authorize page ended, announced once on return. */
  linkedInReturn?: LinkedInNews | undefined;
  children: ReactNode;
}

/**
 * The frame around every signed-in page: skip link, brand, the mode and
 * sandbox labels, the navigation (with how many posts failed), who is signed
 * in, sign-out, and the LinkedIn connection's health when it needs the user.
 * The account (connection, post counts) is read again on every new page and
 * when the tab comes back into view, so what the frame says is how things are.
 */
export function AppShell({ page, onSignOut, signingOut, linkedInReturn, children }: AppShellProps) {
  const { config, me, now, timeZone, reloadMe, unsaved } = useAccount();
  // Sign-out clears what is unsaved on this computer (for the next person at it): with unsaved text, it asks first.
  const [confirmingSignOut, setConfirmingSignOut] = useState(0);
  const signOutButton = useRef<HTMLButtonElement>(null);
  const keepWriting = useRef<HTMLButtonElement>(null);
  const signOutQuestionId = useId();
  useEffect(() => {
    if (confirmingSignOut > 0) keepWriting.current?.focus();
  }, [confirmingSignOut]);
  const askSignOut = () => {
    const count = unsaved.unsavedCount();
    if (count === 0) onSignOut();
    else setConfirmingSignOut(count);
  };
  const cancelSignOut = () => {
    setConfirmingSignOut(0);
    signOutButton.current?.focus();
  };
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const reload = useRef(reloadMe);
  reload.current = reloadMe;

  // A new page: new title, and focus on its heading so screen readers start there (not on the link just used).
  useEffect(() => {
    document.title = `${routeLabel(page)} · Mark.0`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = main.current?.querySelector<HTMLElement>('h1');
    (heading ?? main.current)?.focus();
    // Best effort: the page works with the account as it was.
    reload.current().catch(() => undefined);
  }, [page]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload.current().catch(() => undefined);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  const sandbox = [config.sandbox.linkedin && 'LinkedIn', config.sandbox.openai && 'AI', config.sandbox.mail && 'Mail'].filter(Boolean).join(' + ');
  const linkedin = connectionState(me.linkedin, now());
  const waiting = me.postCounts?.waiting ?? 0;
  const failed = me.postCounts?.failed ?? 0;
  const showHealth = page !== 'settings' && (linkedin.kind === 'expiring' || linkedin.kind === 'needs-reconnect' || (linkedin.kind === 'disconnected' && waiting > 0));
  const waitingWords = waiting === 1 ? '1 post is waiting' : `${waiting} posts are waiting`;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <p className="brand">
            <span className="brand__mark" aria-hidden="true">
              M
            </span>
            Mark.0
            {config.mode === 'local' && <span className="badge badge--local">Local</span>}
            {sandbox && (
              <span className="badge badge--sandbox" title={`Sandbox: ${sandbox} are local stand-ins; nothing reaches the real service.`}>
                Sandbox<span className="visually-hidden">: {sandbox} are local stand-ins</span>
              </span>
            )}
          </p>
          <div className="topbar__account">
            <span className="topbar__email" title={me.email}>
              {me.email}
            </span>
            <button type="button" className="button button--quiet" ref={signOutButton} onClick={askSignOut} disabled={signingOut}>
              Sign out
            </button>
          </div>
        </div>
        <nav className="nav" aria-label="Main">
          <ul className="nav__list">
            {NAV_ORDER.map((name) => (
              <li key={name}>
                <Link to={PAGES[name].path} className="nav__link" aria-current={name === page ? 'page' : undefined}>
                  {PAGES[name].label}
                  {name === 'posts' && failed > 0 && (
                    <>
                      {' '}
                      <span className="nav__count" data-testid="failed-count" aria-hidden="true">
                        {failed}
                      </span>
                      <span className="visually-hidden">{failed === 1 ? '1 failed post' : `${failed} failed posts`}</span>
                    </>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className={`page page--${page}`} tabIndex={-1} ref={main}>
        {confirmingSignOut > 0 && (
          <div className="confirm confirm--sign-out" role="group" aria-labelledby={signOutQuestionId}>
            <p className="confirm__question" id={signOutQuestionId}>
              {confirmingSignOut === 1
                ? 'You have an unsaved post. Sign out and discard it?'
                : `You have ${confirmingSignOut} unsaved posts. Sign out and discard them?`}
            </p>
            <div className="confirm__actions">
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirmingSignOut(0);
                  onSignOut();
                }}
                disabled={signingOut}
              >
                {confirmingSignOut === 1 ? 'Sign out and discard it' : 'Sign out and discard them'}
              </button>
              <button type="button" className="button button--quiet" ref={keepWriting} onClick={cancelSignOut} onKeyDown={(event) => event.key === 'Escape' && cancelSignOut()} disabled={signingOut}>
                Stay signed in
              </button>
            </div>
          </div>
        )}
        {linkedInReturn &&
          (linkedInReturn.outcome === 'connected' ? (
            <p className="notice notice--success" role="status">
              {connectedText(me, linkedInReturn.previous)}
            </p>
          ) : (
            <div className="notice notice--error" role="alert">
              <p className="notice__message">LinkedIn did not connect: {linkedInReturn.message}</p>
              <div className="notice__actions">
                <Link to={PAGES.settings.path} className="button button--secondary">
                  Try again in Settings
                </Link>
              </div>
            </div>
          ))}
        {showHealth && (
          <p className="notice notice--warning">
            {linkedin.kind === 'needs-reconnect'
              ? `LinkedIn needs you to reconnect: ${waiting > 0 ? `${waitingWords} for it` : 'scheduled posts wait until you do'}. `
              : linkedin.kind === 'disconnected'
                ? `LinkedIn is not connected: ${waitingWords} for it. `
                : `Your LinkedIn connection ends ${describeDaysLeft(linkedin.daysLeft)} (${formatDay(linkedin.expiresAt.toISOString(), timeZone)}). `}
            <Link to={PAGES.settings.path}>{linkedin.kind === 'disconnected' ? 'Connect in Settings' : 'Reconnect in Settings'}</Link>
          </p>
        )}
        {children}
      </main>
    </>
  );
}

const posts = (n: number, kind: string) => `${n} ${kind} ${n === 1 ? 'post' : 'posts'}`;

/**
 * Back from LinkedIn, connected: as whom, who it was before if this tab knew another member, and that
 * the posts scheduled or waiting (not bound to a member) now go out on this account.
 */
export function connectedText(me: Me, previous: PreviousConnection | undefined): string {
  const name = me.linkedin?.name;
  const switched = isOtherMember(previous, me.userId, me.linkedin);
  const who = switched
    ? `You were connected to LinkedIn as ${previous.name ?? 'another member'}; now as ${name ?? 'another member'}.`
    : `LinkedIn is connected${name ? ` as ${name}` : ''}.`;
  const scheduled = me.postCounts?.scheduled ?? 0;
  const waiting = me.postCounts?.waiting ?? 0;
  if (scheduled + waiting === 0) return `${who} You can schedule and publish posts.`;
  const counted = [scheduled > 0 && posts(scheduled, 'scheduled'), waiting > 0 && posts(waiting, 'waiting')].filter(Boolean).join(' and ');
  return `${who} Your ${counted} will be published on this LinkedIn account.`;
}
