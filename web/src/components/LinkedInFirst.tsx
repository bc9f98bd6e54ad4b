import { useAccount } from '../account/account-context';
import { connectionState } from '../linkedin/connection-state';
import { ConnectLinkedInButton } from './ConnectLinkedInButton';

export interface PublishingGate {
  /** True when scheduling and publishing would be refused: LinkedIn is not connected, or must be reconnected. */
  blocked: boolean;
  /** What to tell the user before they try, and the button that fixes it. */
  message?: string;
  fix?: 'Connect LinkedIn' | 'Reconnect LinkedIn';
}

/** Whether this account can schedule and publish, from its connection as GET /v1/me last said (read again on every page). */
export function usePublishingGate(): PublishingGate {
  const { me, now } = useAccount();
  const state = connectionState(me.linkedin, now());
  if (state.kind === 'disconnected') return { blocked: true, message: 'Connect LinkedIn first: Mark.0 schedules and publishes through your LinkedIn account.', fix: 'Connect LinkedIn' };
  if (state.kind === 'needs-reconnect') return { blocked: true, message: 'Reconnect LinkedIn first: LinkedIn no longer accepts the current connection.', fix: 'Reconnect LinkedIn' };
  return { blocked: false };
}

/** The note beside Schedule and Publish while they cannot work, with the button that fixes it (it comes back to `returnPath`). */
export function LinkedInFirst({ gate, returnPath, id }: { gate: PublishingGate; returnPath: string; id: string }) {
  if (!gate.blocked) return null;
  return (
    <div className="notice notice--info linkedin-first" id={id}>
      <p className="notice__message">{gate.message}</p>
      <div className="notice__actions">
        <ConnectLinkedInButton returnPath={returnPath} label={gate.fix} variant="secondary" />
      </div>
    </div>
  );
}
