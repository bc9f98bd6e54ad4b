import { useId, useState } from 'react';
import { useAccount } from '../../account/account-context';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { Link, PAGES } from '../../navigation/router';

const dismissKey = (userId: string) => `mark0.onboarding.dismissed.${userId}`;

/**
 * The three steps to a first published post, ticked from what the account
 * really holds (GET /v1/me: the connection and the post counts, which the
 * page reads again after each save), so it is right on any device and costs
 * no request of its own. Gone once every step is done, or when the user hides it.
 */
export function OnboardingChecklist() {
  const { me } = useAccount();
  const id = useId();
  const [dismissed, setDismissed] = useState(() => readDismissed(me.userId));
  const counts = me.postCounts;
  const progress = {
    hasPost: Object.values(counts).some((n) => n > 0),
    hasScheduled: counts.scheduled + counts.publishing + counts.published + counts.waiting > 0,
  };

  const connected = me.linkedin?.connected === true;
  if (dismissed || (connected && progress.hasPost && progress.hasScheduled)) return null;

  const steps = [
    {
      done: connected,
      title: 'Connect your LinkedIn account',
      detail: 'So Mark.0 can publish for you. It stays connected for 60 days at a time.',
      action: me.linkedin ? <ConnectLinkedInButton returnPath={PAGES.write.path} variant="secondary" /> : null,
    },
    {
      done: progress.hasPost,
      title: 'Write or generate your first post',
      detail: 'Type it below, or let AI draft a few versions from a topic.',
      action: null,
    },
    {
      done: progress.hasScheduled,
      title: 'Schedule it',
      detail: 'Pick a day and time; it goes out on its own, even with this tab closed.',
      action: <Link to={PAGES.posts.path}>Your drafts</Link>,
    },
  ];
  const doneCount = steps.filter((s) => s.done).length;

  return (
    <section className="panel onboarding" aria-labelledby={`${id}-title`}>
      <div className="onboarding__header">
        <h2 id={`${id}-title`} className="panel__title">
          Get started <span className="onboarding__count">{doneCount} of 3 done</span>
        </h2>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            writeDismissed(me.userId);
            setDismissed(true);
          }}
        >
          Hide
        </button>
      </div>
      <ol className="onboarding__steps">
        {steps.map((step) => (
          <li key={step.title} className={`onboarding__step${step.done ? ' onboarding__step--done' : ''}`}>
            <span className="onboarding__mark" aria-hidden="true">
              {step.done ? '✓' : ''}
            </span>
            <div className="onboarding__body">
              <p className="onboarding__title">
                {step.title}
                <span className="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
              </p>
              {!step.done && <p className="hint">{step.detail}</p>}
              {!step.done && step.action && <div className="onboarding__action">{step.action}</div>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function readDismissed(userId: string): boolean {
  try {
    return localStorage.getItem(dismissKey(userId)) === '1';
  } catch {
    return false;
  }
}

function writeDismissed(userId: string): void {
  try {
    localStorage.setItem(dismissKey(userId), '1');
  } catch {
    // Storage blocked: hidden for this visit only.
  }
}
