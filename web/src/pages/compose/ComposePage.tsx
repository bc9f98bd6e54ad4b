import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/api-error';
import type { Post } from '../../api/mark-api';
import { useAccount } from '../../account/account-context';
import { Link, PAGES } from '../../navigation/router';
import { AiAssistPanel } from './AiAssistPanel';
import { CharacterCounter } from '../../components/CharacterCounter';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LinkedInPreview } from './LinkedInPreview';
import { OnboardingChecklist } from './OnboardingChecklist';
import { SchedulePicker } from '../../components/SchedulePicker';
import { NEW_POST_KEY } from '../../drafts/unsaved-text';
import { canSave, measureContent } from '../../posts/content-length';
import { formatDateTime } from '../../posts/format-time';

type Action = 'save' | 'schedule' | 'publish';

/** How long the outcome line ("Draft saved.") stays. */
const ANNOUNCEMENT_MS = 8000;

/** Codes after which the way forward is (re)connecting LinkedIn. */
const NEEDS_LINKEDIN = new Set(['LINKEDIN_NOT_CONNECTED', 'LINKEDIN_RECONNECT_REQUIRED']);

/**
 * The home page: the getting-started checklist, the composer with its live
 * LinkedIn preview, and the AI panel. From the composer a post is saved as a
 * draft, scheduled, or published now. What is typed is kept on this device as
 * it is typed; once the composer has created a draft, later actions update
 * that draft instead of creating another one.
 */
export function ComposePage() {
  const { api, unsaved, me, timeZone } = useAccount();
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const restoredEntry = useState(() => unsaved.get(NEW_POST_KEY))[0];
  const [text, setText] = useState(restoredEntry?.content ?? '');
  const [draft, setDraft] = useState<{ id: string; version?: number } | undefined>(
    restoredEntry?.postId ? { id: restoredEntry.postId, ...(restoredEntry.baseVersion !== undefined ? { version: restoredEntry.baseVersion } : {}) } : undefined,
  );
  const [busy, setBusy] = useState<Action>();
  const [error, setError] = useState<unknown>();
  const [scheduling, setScheduling] = useState(false);
  const [outcome, setOutcome] = useState<ReactNode>();
  const [progressKey, setProgressKey] = useState(0);
  const length = measureContent(text);

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
    unsaved.remove(NEW_POST_KEY);
    setProgressKey((k) => k + 1);
  }

  /** Creates the draft, or brings the one this composer made up to date. */
  async function saved(): Promise<Post> {
    const post = draft ? await api.updatePost(draft.id, text, draft.version) : await api.createPost(text);
    const next = { id: post.id, version: post.version };
    setDraft(next);
    remember(text, next);
    return post;
  }

  async function run(action: Action, work: () => Promise<ReactNode>) {
    setBusy(action);
    setError(undefined);
    setOutcome(undefined);
    try {
      setOutcome(await work());
      reset();
      textarea.current?.focus();
    } catch (caught) {
      setError(caught);
      setProgressKey((k) => k + 1);
    } finally {
      setBusy(undefined);
    }
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
      return (
        <>
          Scheduled for {formatDateTime(post.scheduledAt ?? scheduledAt, timeZone)}. <Link to={PAGES.calendar.path}>See the calendar</Link>
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

  const needsLinkedIn = error instanceof ApiError && NEEDS_LINKEDIN.has(error.code);
  const fieldError = error instanceof ApiError ? error.detailFor('content') : undefined;
  const ready = canSave(length) && busy === undefined;
  const describedBy = [`${id}-count`, fieldError ? `${id}-field-error` : '', draft ? `${id}-draft` : ''].filter(Boolean).join(' ');

  return (
    <div className="compose">
      <h1 className="page__title" tabIndex={-1}>
        Write a post
      </h1>
      <OnboardingChecklist refreshKey={progressKey} />
      <div className="compose__grid">
        <section className="panel composer" aria-labelledby={`${id}-title`}>
          <h2 id={`${id}-title`} className="panel__title">
            New post
          </h2>
          <form
            className="editor"
            aria-busy={busy !== undefined}
            onSubmit={(event) => {
              event.preventDefault();
              if (ready) void saveDraft();
            }}
          >
            <label className="editor__label" htmlFor={`${id}-text`}>
              What do you want to share?
            </label>
            {restoredEntry && text !== '' && !outcome && (
              <p className="editor__hint">Your unsaved text was restored.</p>
            )}
            <textarea
              ref={textarea}
              id={`${id}-text`}
              className="editor__text"
              value={text}
              onChange={(event) => changeText(event.target.value)}
              onKeyDown={(event) => {
                // Ctrl/Cmd+Enter saves the draft, as in most writing tools.
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && ready) {
                  event.preventDefault();
                  void saveDraft();
                }
              }}
              rows={9}
              placeholder="Start with a hook: the first two lines are all most people see."
              aria-describedby={describedBy}
              aria-invalid={length.state === 'over' || fieldError !== undefined}
              spellCheck
            />
            <CharacterCounter id={`${id}-count`} length={length} />
            {fieldError && (
              <p className="editor__field-error" id={`${id}-field-error`}>
                {fieldError}
              </p>
            )}
            {draft && (
              <p className="hint" id={`${id}-draft`}>
                Saved in your drafts; changes here update that draft.
              </p>
            )}
            <div className="editor__actions">
              <button type="submit" className="button button--secondary" disabled={!ready}>
                {busy === 'save' ? 'Saving…' : 'Save draft'}
              </button>
              <button
                type="button"
                className="button button--primary"
                disabled={!ready}
                aria-expanded={scheduling}
                onClick={() => {
                  setError(undefined);
                  setScheduling(true);
                }}
              >
                Schedule…
              </button>
              <button type="button" className="button button--secondary" disabled={!ready} onClick={() => void publishNow()}>
                {busy === 'publish' ? 'Publishing…' : 'Publish now'}
              </button>
            </div>
          </form>
          {scheduling && (
            <SchedulePicker submitLabel="Schedule post" busy={busy === 'schedule'} onSchedule={(at) => void schedule(at)} onCancel={() => setScheduling(false)} />
          )}
          {error !== undefined && (
            <ErrorNotice error={error}>
              {needsLinkedIn && me.linkedin && <ConnectLinkedInButton returnPath={PAGES.write.path} label={error.code === 'LINKEDIN_NOT_CONNECTED' ? 'Connect LinkedIn' : 'Reconnect LinkedIn'} variant="secondary" />}
            </ErrorNotice>
          )}
          <p className="flash" role="status">
            {outcome}
          </p>
        </section>
        <LinkedInPreview text={text} name={me.linkedin?.name ?? me.email} pictureUrl={me.linkedin?.pictureUrl ?? null} />
      </div>
      <AiAssistPanel
        composerHasText={text.trim() !== ''}
        onUse={(content) => {
          changeText(content);
          setOutcome('The draft is in the composer: edit it, then save or schedule.');
          textarea.current?.focus();
        }}
        onSaveDraft={async (content) => {
          await api.createPost(content);
          setProgressKey((k) => k + 1);
        }}
      />
    </div>
  );
}
