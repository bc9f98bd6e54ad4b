import { useId, useState, type FormEvent } from 'react';
import { LINKEDIN_POSTS_STAY } from '@contract/api/account';
import { ApiError } from '../../api/api-error';
import { beginCognitoSignIn } from '../../auth/cognito-auth';
import { signInLocally } from '../../auth/local-auth';
import type { Session } from '../../auth/session';
import type { SignedOutReason } from '../../auth/session-manager';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { RuntimeConfig } from '../../config/runtime-config';
import { readLinkedInReturn } from '../../linkedin/connection-state';

interface SignInPageProps {
  config: RuntimeConfig;
  reason: SignedOutReason;
  /** A failure from the hosted-UI redirect, shown above the button. */
  callbackError?: unknown;
  onSignedIn(session: Session): void;
  fetchImpl?: typeof fetch;
  /** Opens the hosted UI (a full-page navigation); replaceable in tests. */
  navigate?: (url: string) => void;
}

const REASON_TEXT: Record<SignedOutReason, string | undefined> = {
  none: undefined,
  'signed-out': 'You are signed out.',
  expired: 'Your session expired. Sign in again — anything you were writing is kept on this device.',
  'account-deleted': `Your account is deleted; Mark.0 is erasing what it stored about you. ${LINKEDIN_POSTS_STAY} Signing in again starts a new, empty account.`,
};

/** Local mode: any email signs in. AWS: the Cognito hosted UI. */
export function SignInPage({ config, reason, callbackError, onSignedIn, fetchImpl, navigate = (url) => window.location.assign(url) }: SignInPageProps) {
  const emailId = useId();
  const emailErrorId = useId();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(callbackError);
  const emailError = error instanceof ApiError ? error.detailFor('email') : undefined;

  async function signInLocal(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signInLocally(config.apiUrl, email.trim(), fetchImpl));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  async function signInHosted() {
    if (config.auth.type !== 'cognito') return;
    setBusy(true);
    setError(undefined);
    try {
      navigate(await beginCognitoSignIn(config.auth, `${window.location.pathname}${window.location.search}${window.location.hash}`));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const notice = REASON_TEXT[reason];
  // Back from LinkedIn while signed out: the code and state wait in the address (and through the hosted sign-in) until the app completes.
  const finishingLinkedIn = readLinkedInReturn(window.location)?.outcome === 'callback';
  return (
    <main id="main" className="sign-in">
      <div className="sign-in__card panel">
        <p className="brand brand--large" aria-hidden="true">
          <span className="brand__mark">M</span> Mark.0
        </p>
        <h1 className="sign-in__title">Sign in to Mark.0</h1>
        <p className="muted">Plan, write and publish your LinkedIn posts.</p>
        {notice && (
          <p className={`notice ${reason === 'expired' ? 'notice--warning' : 'notice--info'}`} role="status">
            {notice}
          </p>
        )}
        {finishingLinkedIn && (
          <p className="notice notice--info" role="status">
            Sign in to finish connecting LinkedIn, with the Mark.0 account you started from.
          </p>
        )}
        {error !== undefined && <ErrorNotice error={error} />}

        {config.auth.type === 'local' ? (
          <form className="sign-in__form" onSubmit={(event) => void signInLocal(event)} noValidate>
            <label htmlFor={emailId}>Email</label>
            <input
              id={emailId}
              type="email"
              name="email"
              autoComplete="email"
              inputMode="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={emailError !== undefined}
              aria-describedby={emailError ? emailErrorId : undefined}
            />
            {emailError && (
              <p className="editor__field-error" id={emailErrorId}>
                {emailError}
              </p>
            )}
            <button type="submit" className="button button--primary button--wide" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
            <p className="hint">
              <span className="badge badge--local">Local mode</span> Any email signs you in; the account is made on first sign-in. Nothing
              leaves this machine.
            </p>
          </form>
        ) : (
          <div className="sign-in__form">
            <button type="button" className="button button--primary button--wide" onClick={() => void signInHosted()} disabled={busy}>
              {busy ? 'Opening sign-in…' : 'Sign in'}
            </button>
            <p className="hint">You will sign in (or create your account) on Mark.0’s secure sign-in page, then come straight back.</p>
          </div>
        )}
      </div>
    </main>
  );
}
