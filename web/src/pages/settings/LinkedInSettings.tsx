import { useId, useState } from 'react';
import { useAccount } from '../../account/account-context';
import { Avatar } from '../../components/Avatar';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { rememberConnection } from '../../linkedin/previous-connection';
import { connectionState, describeDaysLeft } from '../../linkedin/connection-state';
import { formatDay } from '../../posts/format-time';
import { ActionOutcome, useAction } from '../../requests/use-action';

/** Connect, reconnect (with the expiry date, warned from 7 days before), or disconnect. */
export function LinkedInSettings() {
  const { api, me, now, timeZone, reloadMe, config } = useAccount();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const busy = action.busy;
  const state = connectionState(me.linkedin, now());

  const disconnect = () =>
    action.run(async () => {
      await api.disconnectLinkedIn();
      // Connecting again later (in this tab) says if it is as another member.
      rememberConnection(me.userId, me.linkedin);
      await reloadMe();
      setConfirming(false);
      return 'LinkedIn is disconnected. Scheduled posts will wait until you connect again.';
    });

  return (
    <section id="linkedin" className="panel settings__section" aria-labelledby={`${id}-title`}>
      <h2 className="panel__title">
        <span id={`${id}-title`}>LinkedIn</span>
        {config.sandbox.linkedin && <span className="badge badge--sandbox">Sandbox</span>}
      </h2>
      {config.sandbox.linkedin && (
        <p className="hint">
          Sandbox: connecting opens a local stand-in for LinkedIn’s authorize page, and posts are “published” to that stand-in, never to LinkedIn.
        </p>
      )}
      {state.kind === 'unavailable' && <p className="muted">Connecting LinkedIn is not available on this server yet.</p>}
      {state.kind === 'disconnected' && (
        <>
          <p>Connect your LinkedIn account so Mark.0 can publish your posts. You will be asked to allow it on LinkedIn, then come straight back here.</p>
          <div className="settings__actions">
            <ConnectLinkedInButton returnPath="/settings" />
          </div>
        </>
      )}
      {state.kind !== 'unavailable' && state.kind !== 'disconnected' && (
        <>
          <div className="connection">
            <Avatar name={state.name ?? me.email} pictureUrl={state.pictureUrl} size="large" />
            <div>
              <p className="connection__name">{state.name ?? 'Your LinkedIn account'}</p>
              <p className="muted" data-testid="linkedin-status">
                {state.kind === 'needs-reconnect'
                  ? 'Needs reconnecting'
                  : state.expiresAt
                    ? `Connected · works until ${formatDay(state.expiresAt.toISOString(), timeZone)}`
                    : 'Connected'}
              </p>
            </div>
          </div>
          {state.kind === 'expiring' && (
            <p className="notice notice--warning">
              Your LinkedIn connection ends {describeDaysLeft(state.daysLeft)}, on {formatDay(state.expiresAt.toISOString(), timeZone)}. Reconnect now so
              your scheduled posts keep going out. LinkedIn gives apps 60 days at a time.
            </p>
          )}
          {state.kind === 'needs-reconnect' && (
            <p className="notice notice--error">
              LinkedIn no longer accepts this connection (it expired or was revoked). Scheduled posts cannot go out until you reconnect.
            </p>
          )}
          {confirming ? (
            <div className="confirm" role="group" aria-label="Confirm disconnect">
              <p className="confirm__question">Disconnect LinkedIn? Scheduled posts will not be published until you connect again.</p>
              <div className="confirm__actions">
                <button type="button" className="button button--danger" onClick={() => void disconnect()} disabled={busy}>
                  {busy ? 'Disconnecting…' : 'Disconnect'}
                </button>
                <button type="button" className="button button--quiet" onClick={() => setConfirming(false)} disabled={busy} autoFocus>
                  Keep connected
                </button>
              </div>
            </div>
          ) : (
            <div className="settings__actions">
              <ConnectLinkedInButton
                returnPath="/settings"
                label="Reconnect"
                variant={state.kind === 'connected' ? 'secondary' : 'primary'}
              />
              <button type="button" className="button button--quiet button--danger-text" onClick={() => setConfirming(true)}>
                Disconnect
              </button>
            </div>
          )}
        </>
      )}
      <ActionOutcome action={action} />
    </section>
  );
}
