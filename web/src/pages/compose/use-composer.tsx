import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { NEW_POST_KEY } from '../../drafts/unsaved-text';
import { scheduleWarningText } from '../../linkedin/connection-state';
import { Link, PAGES } from '../../navigation/router';
import { formatDateTime } from '../../posts/format-time';
import { useRequest } from '../../requests/use-request';
import { useAttachments } from './use-attachments';

export type ComposeAction = 'save' | 'schedule' | 'publish' | 'queue';

/** How long the outcome line ("Draft saved.") stays. */
const ANNOUNCEMENT_MS = 8000;

/**
 * The composer's state and its three actions. What is typed is kept on this
 * device as it is typed (and restored on the next visit); the first action
 * creates a draft, and later ones update that draft instead of creating
 * another. After a success the composer empties and says what happened, with
 * a link to where the post now is; after a failure the text stays.
 */
export function useComposer() {
  const { api, unsaved, timeZone, me } = useAccount();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const restored = useState(() => unsaved.get(NEW_POST_KEY))[0];
  const [text, setText] = useState(restored?.content ?? '');
  const [draft, setDraft] = useState<{ id: string; version?: number } | undefined>(
    restored?.postId ? { id: restored.postId, ...(restored.baseVersion !== undefined ? { version: restored.baseVersion } : {}) } : undefined,
  );
  const request = useRequest<ComposeAction>();
  const attachments = useAttachments(api);
  const [scheduling, setScheduling] = useState(false);
  const [outcome, setOutcome] = useState<ReactNode>();
  /** Changes whenever the getting-started checklist may have moved on (a draft saved, an action tried). */
  const [progressKey, setProgressKey] = useState(0);
  const refreshProgress = () => setProgressKey((k) => k + 1);

  useEffect(() => {
    if (!outcome) return;
    const timer = setTimeout(() => setOutcome(undefined), ANNOUNCEMENT_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  function remember(nextText: string, nextDraft = draft) {
    if (nextText === '' && !nextDraft) unsaved.remove(NEW_POST_KEY);
    else unsaved.set(NEW_POST_KEY, nextText, nextDraft?.version, nextDraft?.id);
  }

  function changeText(next: string) {
    setText(next);
    remember(next);
  }

  function reset() {
    setText('');
    setDraft(undefined);
    setScheduling(false);
    attachments.clear();
    unsaved.remove(NEW_POST_KEY);
    refreshProgress();
  }

  /** Creates the draft, or brings the one this composer made up to date. */
  async function saved(): Promise<Post> {
    const extras = attachments.extras();
    const post = draft ? await api.updatePost(draft.id, text, draft.version, extras) : await api.createPost(text, extras);
    const next = { id: post.id, version: post.version };
    setDraft(next);
    remember(text, next);
    return post;
  }

  async function run(action: ComposeAction, work: () => Promise<ReactNode>) {
    setOutcome(undefined);
    const succeeded = await request.run(action, async () => {
      setOutcome(await work());
      reset();
      textarea.current?.focus();
    });
    if (!succeeded) refreshProgress();
  }

  const saveDraft = () =>
    run('save', async () => {
      await saved();
      return (
        <>
          Draft saved. <Link to={`${PAGES.posts.path}?status=draft`}>See your drafts</Link>
        </>
      );
    });

  const schedule = (scheduledAt: string) =>
    run('schedule', async () => {
      const post = await api.schedulePost((await saved()).id, scheduledAt);
      const warning = scheduleWarningText(post.warnings, me.linkedin?.expiresAt, timeZone);
      return (
        <>
          Scheduled for {formatDateTime(post.scheduledAt ?? scheduledAt, timeZone)}. {warning && <strong>{warning} </strong>}
          <Link to={PAGES.calendar.path}>See the calendar</Link>
        </>
      );
    });

  /** The next free slot of the posting schedule (the Queue page). */
  const addToQueue = () =>
    run('queue', async () => {
      const post = await api.queue.add((await saved()).id);
      return (
        <>
          Queued for {formatDateTime(post.scheduledAt!, timeZone)}. <Link to={PAGES.queue.path}>See the queue</Link>
        </>
      );
    });

  const publishNow = () =>
    run('publish', async () => {
      await api.publishPost((await saved()).id);
      return (
        <>
          Publishing now: it will show under Published with its LinkedIn link. <Link to={`${PAGES.posts.path}?status=published`}>Published posts</Link>
        </>
      );
    });

  /** The AI panel's "Use this draft": into the composer, to edit before saving. */
  function takeFromAi(content: string) {
    changeText(content);
    setOutcome('The draft is in the composer: edit it, then save or schedule.');
    textarea.current?.focus();
  }

  /** The AI panel's "Save as draft": straight to the drafts, the composer untouched. */
  async function saveFromAi(content: string) {
    await api.createPost(content);
    refreshProgress();
  }

  return {
    textarea,
    /** Unsaved text found on this device when the page opened. */
    restored,
    text,
    draft,
    /** Files and poll of the post being written. */
    attachments,
    busy: request.busy,
    error: request.error,
    scheduling,
    outcome,
    progressKey,
    changeText,
    /** Opens the schedule picker (clearing the last error) or closes it. */
    showScheduling(open: boolean) {
      if (open) request.setError(undefined);
      setScheduling(open);
    },
    saveDraft,
    schedule,
    addToQueue,
    publishNow,
    takeFromAi,
    saveFromAi,
  };
}
