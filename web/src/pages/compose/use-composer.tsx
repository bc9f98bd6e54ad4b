import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ulid } from 'ulid';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import type { Post } from '../../api/mark-api';
import { NEW_POST_KEY } from '../../drafts/unsaved-text';
import { scheduleWarningText } from '../../linkedin/connection-state';
import { Link, navigateTo, PAGES } from '../../navigation/router';
import { formatDateTime } from '../../posts/format-time';
import { STATUS_LABELS } from '../../posts/post-status';
import { useFocusBack } from '../../requests/use-focus-back';
import { useRequest } from '../../requests/use-request';
import { useAttachments } from './use-attachments';
import { useCreateOnce } from './use-create-once';

export type ComposeAction = 'save' | 'schedule' | 'publish' | 'fresh' | 'queue';

export interface ComposerInput {
  /** The post being edited (opened from Posts or the calendar); none for a new post. */
  post?: Post;
  /** A new post started from a calendar slot: the schedule picker opens on this time (ISO-8601). */
  at?: string;
  /** Says what happened, above the composer (it outlives this composer when the next one opens). */
  announce(outcome: ReactNode): void;
  /** The getting-started checklist may have moved on. */
  onProgress(): void;
  /** A post sent with "Publish now": the page follows it until it is out (PublishOutcome). */
  follow(sent: Post): void;
}

/** The post this composer saves into: its id and the version the text was based on. */
interface Target {
  id: string;
  version?: number;
}

/** The post can no longer take this text (published meanwhile, or deleted): the text must go to a new draft. */
export function isGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.code === 'POST_NOT_EDITABLE');
}

/** A new post's id is taken: by a create of this composer whose answer was lost, with other text than now. */
function isTaken(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'POST_ID_TAKEN';
}

/**
 * The composer's state and its actions, for a new post or one being edited.
 * What is typed is kept on this device as it is typed (under "new", or under
 * the post's id, with the version it started from) and given back on the next
 * visit. A new post's first action creates a draft and later ones update it.
 * After a save, schedule or publish the composer offers a fresh post and says
 * what happened, with a link to where the post now is; after a failure the
 * text stays. "New post" first keeps any unsaved text in Drafts.
 */
export function useComposer({ post, at, announce, onProgress, follow }: ComposerInput) {
  const { api, unsaved, timeZone, me } = useAccount();
  const key = post?.id ?? NEW_POST_KEY;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const scheduleButton = useRef<HTMLButtonElement>(null);
  const restored = useState(() => unsaved.get(key))[0];
  const [text, setText] = useState(restored?.content ?? post?.content ?? '');
  const [target, setTarget] = useState<Target | undefined>(() => {
    if (post) return { id: post.id, version: restored?.baseVersion ?? post.version };
    return restored?.postId ? { id: restored.postId, ...(restored.baseVersion !== undefined ? { version: restored.baseVersion } : {}) } : undefined;
  });
  const request = useRequest<ComposeAction>();
  const focusBack = useFocusBack(request.busy === undefined);
  const attachments = useAttachments(api, post, restored);
  const keptExtras = useRef(attachments.kept);
  keptExtras.current = attachments.kept;
  const [scheduling, setScheduling] = useState(at !== undefined);
  const savedText = useRef(post?.content ?? '');
  /** The id the new post this composer writes gets (POST /v1/posts takes it), made anew for each new post and kept with its unsaved text. */
  const newPostId = useRef(restored?.newPostId ?? ulid());
  /** Saving as a new draft (an edited post gone, the AI panel's draft): pressed again, no second draft. */
  const createOnce = useCreateOnce(api);
  const currentText = useRef(text);
  currentText.current = text;

  // A new post tied to a draft made on an earlier visit: if that draft was scheduled or published since (from Posts, say), start afresh.
  useEffect(() => {
    if (post || !restored?.postId) return;
    let live = true;
    api.getPost(restored.postId).then(
      (tied) => live && tied.status !== 'draft' && letGo(tied),
      (caught: unknown) => live && isGone(caught) && letGo(undefined),
    );
    return () => {
      live = false;
    };
    // Once, for the draft found on this device when the page opened.
  }, []);

  /** The tied draft went elsewhere: its own text goes with it; text typed since stays here, as a new post. */
  function letGo(tied: Post | undefined) {
    setTarget(undefined);
    const typed = currentText.current;
    if (tied === undefined || typed.trim() !== tied.content.trim()) {
      remember(typed, undefined);
      announce(`The draft you were writing ${tied ? `is now ${STATUS_LABELS[tied.status]}` : 'was deleted'}; what is here will be saved as a new post.`);
      return;
    }
    reset();
    announce(
      <>
        Your last post is now {STATUS_LABELS[tied.status]}. <Link to={`${PAGES.posts.path}?status=${tied.status}&post=${encodeURIComponent(tied.id)}`}>See it</Link> · here is a new one.
      </>,
    );
  }

  function remember(nextText: string, nextTarget = target) {
    if (post) {
      if (nextText === savedText.current) unsaved.remove(key);
      else unsaved.set(key, nextText, nextTarget?.version);
      return;
    }
    // A new post keeps its files and poll with its text, so a reload gives the whole post back.
    const extras = keptExtras.current();
    if (nextText === '' && !nextTarget && (extras.attachments?.length ?? 0) === 0 && !extras.poll) unsaved.remove(key);
    else unsaved.set(key, nextText, nextTarget?.version, nextTarget?.id, extras, nextTarget ? undefined : newPostId.current);
  }

  // Files, their order and alt text, the poll: kept as they change, as the text is as it is typed.
  const firstKeep = useRef(true);
  useEffect(() => {
    if (firstKeep.current) {
      // Opening changes nothing: what was found on this device stays as it was until the user changes something.
      firstKeep.current = false;
      return;
    }
    if (!post) remember(currentText.current);
  }, [attachments.items, attachments.poll, attachments.documentTitle]);

  function changeText(next: string) {
    setText(next);
    remember(next);
  }

  function reset() {
    newPostId.current = ulid();
    setText('');
    setTarget(undefined);
    setScheduling(false);
    attachments.clear();
    unsaved.remove(key);
    onProgress();
  }

  /** Creates the draft, or brings the post this composer writes into up to date. */
  async function saved(): Promise<Post> {
    const extras = attachments.extras();
    let result: Post;
    try {
      // A new post goes under the id made for it: pressed again after an answer that never came, the same post comes back.
      result = target ? await api.updatePost(target.id, text, target.version, extras) : await api.createPost(text, { ...extras, id: newPostId.current });
    } catch (caught) {
      if (post) throw caught;
      if (!target && isTaken(caught)) {
        // The create whose answer never came made the post, and the text changed since: that draft takes this text.
        const earlier = await api.getPost(newPostId.current);
        if (earlier.status === 'draft') result = await api.updatePost(earlier.id, text, earlier.version, extras);
        else result = await createAnew(text, extras);
      } else if (target && isGone(caught)) {
        // A new post's draft was published or deleted elsewhere meanwhile: this text is new work, so it becomes a new draft.
        result = await createAnew(text, extras);
      } else throw caught;
    }
    const next = { id: result.id, version: result.version };
    savedText.current = result.content;
    setTarget(next);
    remember(text, next);
    return result;
  }

  /** This text as a post of its own, under a new id: the one made for it went to a post that is no longer this draft. */
  function createAnew(content: string, extras: ReturnType<typeof attachments.extras>): Promise<Post> {
    newPostId.current = ulid();
    return api.createPost(content, { ...extras, id: newPostId.current });
  }

  /** Runs an action; on success the composer starts afresh (an edited post's address gives way to a new post's). */
  async function run(action: ComposeAction, work: () => Promise<ReactNode>) {
    announce(undefined);
    // Failed, the text stays: focus back on the button pressed (disabled meanwhile), or the text when it is gone.
    const pressed = document.activeElement;
    focusBack.to(() => pressed, () => textarea.current);
    const succeeded = await request.run(action, async () => {
      announce(await work());
      focusBack.forget();
      reset();
      // An edited post, or a new one started from a calendar slot: the address gives way to a fresh post's.
      if (post || at !== undefined) navigateTo(PAGES.write.path, { replace: true });
      else textarea.current?.focus();
    });
    if (!succeeded) onProgress();
  }

  const where = (saved: Post) => `${PAGES.posts.path}?status=${saved.status}&post=${encodeURIComponent(saved.id)}`;

  const saveDraft = () =>
    run('save', async () => {
      const result = await saved();
      return post ? (
        <>
          Changes saved. <Link to={where(result)}>See the post</Link>
        </>
      ) : (
        <>
          Draft saved. <Link to={`${PAGES.posts.path}?status=draft`}>See your drafts</Link>
        </>
      );
    });

  const schedule = (scheduledAt: string) =>
    run('schedule', async () => {
      const scheduled = await api.schedulePost((await saved()).id, scheduledAt);
      const warning = scheduleWarningText(scheduled.warnings, me.linkedin?.expiresAt, timeZone);
      return (
        <>
          Scheduled for {formatDateTime(scheduled.scheduledAt ?? scheduledAt, timeZone)}. {warning && <strong>{warning} </strong>}
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

  /** Sends the post; what becomes of it is followed and said by PublishOutcome, not a one-off line. */
  const publishNow = () =>
    run('publish', async () => {
      follow(await api.publishPost((await saved()).id));
      return undefined;
    });

  /** Unsaved text here that "New post" must keep first. */
  const unsavedWork = post ? text !== savedText.current : text.trim() !== '' || attachments.hasContent;

  /** "New post": what is unsaved here goes to Drafts first (never lost), then the composer is empty. */
  const startFresh = () => {
    if (!unsavedWork) {
      request.setError(undefined);
      announce(undefined);
      reset();
      if (post || at !== undefined) navigateTo(PAGES.write.path);
      textarea.current?.focus();
      return Promise.resolve();
    }
    return run('fresh', async () => {
      const result = await saved();
      return (
        <>
          Your text was kept: it is in {STATUS_LABELS[result.status]}. <Link to={where(result)}>See it</Link> · here is a new post.
        </>
      );
    });
  };

  /** An edited post that can no longer take the text (published, deleted): the text goes to a new draft, opened here. */
  const saveAsNew = () =>
    request.run('save', async () => {
      const created = await createOnce(text, attachments.extras());
      unsaved.remove(key);
      announce('Saved as a new draft.');
      navigateTo(`${PAGES.write.path}?post=${encodeURIComponent(created.id)}`, { replace: true });
    });

  /** After a version conflict: the post as it is now, this composer's changes dropped. */
  const reload = () =>
    request.run('save', async () => {
      if (!post) return;
      const latest = await api.getPost(post.id);
      unsaved.remove(key);
      savedText.current = latest.content;
      setText(latest.content);
      setTarget({ id: latest.id, version: latest.version });
      announce('Reloaded the latest version.');
    });

  /** The AI panel's "Use this draft": into the composer, to edit before saving. */
  function takeFromAi(content: string) {
    changeText(content);
    announce('The draft is in the composer: edit it, then save or schedule.');
    textarea.current?.focus();
  }

  /** The AI panel's "Save as draft": straight to the drafts, the composer untouched. */
  async function saveFromAi(content: string) {
    await createOnce(content);
    onProgress();
  }

  return {
    textarea,
    /** Schedule…, where focus goes back when its picker is cancelled. */
    scheduleButton,
    /** Unsaved text found on this device when the composer opened. */
    restored,
    text,
    /** The post being edited, if any. */
    post,
    /** The draft or post this composer saves into. */
    draft: target,
    unsavedWork,
    /** Files and poll of the post being written. */
    attachments,
    busy: request.busy,
    error: request.error,
    scheduling,
    changeText,
    /** Opens the schedule picker (clearing the last error) or closes it. */
    showScheduling(open: boolean) {
      if (open) request.setError(undefined);
      setScheduling(open);
    },
    /** The picker's Cancel or Escape: it closes, and focus goes back to Schedule…, not to the top of the page. */
    cancelScheduling() {
      setScheduling(false);
      scheduleButton.current?.focus();
    },
    saveDraft,
    schedule,
    addToQueue,
    publishNow,
    startFresh,
    saveAsNew,
    reload,
    takeFromAi,
    saveFromAi,
  };
}

export type Composer = ReturnType<typeof useComposer>;
