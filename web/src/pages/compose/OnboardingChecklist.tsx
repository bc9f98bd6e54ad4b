import { useEffect, useId, useState } from 'react';
import { useAccount } from '../../account/account-context';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { Link, PAGES } from '../../navigation/router';

/** Changes whenever the page did something that may tick a step (saved, scheduled…). */
interface OnboardingChecklistProps {
  refreshKey: number;
}

interface Progress {
  hasPost: boolean;
  hasScheduled: boolean;
}

const dismissKey = (userId: string) => `mark0.onboarding.dismissed.${userId}`;

/**
 * The three steps to a first published post, ticked from what the account
 * really holds (GET /v1/me and the posts lists), so it is right on any device.
 * Gone once every step is done, or when the user hides it.
 */
export function OnboardingChecklist({ refreshKey }: OnboardingChecklistProps) {
  const { api, me } = useAccount();
  const id = useId();
  const [dismissed, setDismissed] = useState(() => readDismissed(me.userId));
  const [progress, setProgress] = useState<Progress>();

  useEffect(() => {
    if (dismissed) return;
    let live = true;
    const any = (query: Parameters<typeof api.listPosts>[0]) => api.listPosts({ ...query, limit: 1 }).then((page) => page.items.length > 0);
    Promise.all([any({}), any({ status: 'scheduled' }), any({ status: 'published' })]).then(
      ([hasPost, scheduled, published]) => live && setProgress({ hasPost, hasScheduled: scheduled || published }),
      () => undefined, // The checklist is a guide; the page's own lists report errors.
    );
    return () => {
      live = false;
    };
  }, [api, dismissed, refreshKey]);

  const connected = me.linkedin?.connected === true;
  if (dismissed || !progress || (connected && progress.hasPost && progress.hasScheduled)) return null;

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
