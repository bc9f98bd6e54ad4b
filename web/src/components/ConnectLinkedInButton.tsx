import { useState } from 'react';
import { useAccount } from '../account/account-context';
import { rememberConnection } from '../linkedin/previous-connection';
import { ErrorNotice } from './ErrorNotice';

interface ConnectLinkedInButtonProps {
  /** Where LinkedIn sends the browser back to (a path of this app), e.g. /settings. */
  returnPath: string;
  label?: string;
  variant?: 'primary' | 'secondary';
}

/**
 * Starts the LinkedIn authorization: asks the API for LinkedIn's authorize URL
 * (POST /v1/linkedin/connect with where to come back to) and goes there. The
 * API's callback brings the browser back with LinkedIn's code and state, which
 * the app completes as the signed-in user (App.tsx), or with an error.
 */
export function ConnectLinkedInButton({ returnPath, label = 'Connect LinkedIn', variant = 'primary' }: ConnectLinkedInButtonProps) {
  const { api, leaveTo, me } = useAccount();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function connect() {
    setBusy(true);
    setError(undefined);
    try {
      const { authorizationUrl } = await api.connectLinkedIn(new URL(returnPath, window.location.origin).toString());
      // Who the account publishes as now: back from LinkedIn, the app says if that changed.
      rememberConnection(me.userId, me.linkedin);
      leaveTo(authorizationUrl);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={`button button--${variant}`} onClick={() => void connect()} disabled={busy}>
        {busy ? 'Opening LinkedIn…' : label}
      </button>
      {error !== undefined && <ErrorNotice error={error} />}
    </>
  );
}
