import type { ReactNode } from 'react';

interface AppShellProps {
  email: string;
  mode: 'local' | 'aws';
  onSignOut(): void;
  signingOut?: boolean;
  children: ReactNode;
}

/** The frame around every signed-in page: skip link, brand, who is signed in, sign-out. */
export function AppShell({ email, mode, onSignOut, signingOut, children }: AppShellProps) {
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
            {mode === 'local' && <span className="badge badge--local">Local</span>}
          </p>
          <div className="topbar__account">
            <span className="topbar__email" title={email}>
              {email}
            </span>
            <button type="button" className="button button--quiet" onClick={onSignOut} disabled={signingOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
