import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { useLocation } from '../../navigation/router';
import { Composer } from './Composer';
import { EditPost } from './EditPost';
import { OnboardingChecklist } from './OnboardingChecklist';

/** How long the outcome line ("Draft saved.") stays. */
const ANNOUNCEMENT_MS = 8000;

/** `?at=` when it is an instant (a calendar slot's link); anything else is ignored. */
function slotTime(value: string | null): string | undefined {
  return value !== null && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/** A link whose `?at=` is no instant (cut short, edited by hand): said, rather than silently starting an unplanned post. */
function UnreadableSlotNote({ value }: { value: string }) {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return (
    <p className="hint" role="note">
      This link’s time (“{shown}”) is not a date and time Mark.0 can read, so no time is picked for this post: choose one when you schedule it.
    </p>
  );
}

/**
 * The Write page: the getting-started checklist and the composer. `/` writes a
 * new post; `/?at=<instant>` (an empty calendar slot) a new post with the
 * schedule picker on that time; `/?post=<id>` (Edit in Posts, a post in the
 * calendar) opens that post in the same full composer. The line saying what
 * happened lives here, so it stays when the composer gives way to a fresh one.
 */
export function ComposePage() {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const postId = params.get('post') ?? undefined;
  const linkedAt = params.get('at');
  const at = slotTime(linkedAt);
  const [outcome, announce] = useState<ReactNode>();
  // The post last sent with "Publish now", followed until it is out; it outlives the composer that sent it, as the line does.
  const [followed, follow] = useState<Post>();
  const { reloadMe } = useAccount();
  // A post saved, scheduled or published: the account's post counts (the checklist, Posts' tabs) are read again.
  const onProgress = useCallback(() => {
    reloadMe().catch(() => undefined);
  }, [reloadMe]);

  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => announce(undefined), ANNOUNCEMENT_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  const common = { announce, onProgress, outcome, follow, followed };
  return (
    <div className="compose">
      <h1 className="page__title" tabIndex={-1}>
        Write a post
      </h1>
      <OnboardingChecklist />
      {!postId && linkedAt !== null && at === undefined && <UnreadableSlotNote value={linkedAt} />}
      {postId ? <EditPost key={postId} postId={postId} {...common} /> : <Composer key={`new ${at ?? ''}`} {...(at !== undefined ? { at } : {})} {...common} />}
    </div>
  );
}
