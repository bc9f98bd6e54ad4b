import { useId, type ReactNode } from 'react';
import type { Post } from '../../api/mark-api';
import type { UnsavedText } from '../../drafts/unsaved-text';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import { CharacterCounter } from '../../components/CharacterCounter';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { linkedInFixFor } from '../../linkedin/connection-state';
import { canSave, fitsLinkedIn, measureContent } from '../../posts/content-length';
import { formatDateTime } from '../../posts/format-time';
import { STATUS_LABELS } from '../../posts/post-status';
import { AiAssistPanel } from './AiAssistPanel';
import { AttachmentsEditor } from './AttachmentsEditor';
import { ComposerActions, ComposerSchedule } from './ComposerActions';
import { LinkedInPreview } from './LinkedInPreview';
import type { PreviewItem } from './MediaPreview';
import { PollEditor, pollComplete } from './PollEditor';
import { PublishOutcome } from './PublishOutcome';
import { isGone, useComposer, type ComposerInput } from './use-composer';

/**
 * The full composer, for a new post or one opened from Posts or the
 * calendar: the text with its live count, files and poll, the LinkedIn
 * preview, the AI panel, and save / schedule / publish now
 * (use-composer.tsx). "New post" always offers a fresh one; unsaved text is
 * kept in Drafts first.
 */
export function Composer({ outcome, followed, ...input }: ComposerInput & { outcome: ReactNode; followed: Post | undefined }) {
  const { me, timeZone } = useAccount();
  const id = useId();
  const composer = useComposer(input);
  const { text, draft, busy, error, attachments, post } = composer;
  const length = measureContent(text);
  const linkedInFix = linkedInFixFor(error);
  const fieldError = error instanceof ApiError ? error.detailFor('content') : undefined;
  // Text may be empty with files or a poll; files must be uploaded and checked, a poll filled in.
  const hasSomething = canSave(length) || (length.state === 'empty' && attachments.hasContent);
  // A draft may run over LinkedIn's limit; a post on its way (scheduled, waiting) may not, nor may one about to go.
  const fits = fitsLinkedIn(length);
  const onItsWay = post?.status === 'scheduled' || post?.status === 'waiting';
  const ready = hasSomething && (fits || !onItsWay) && !attachments.busy && !attachments.failed && pollComplete(attachments.poll) && busy === undefined;
  const sendable = ready && fits;
  const waitingFor = attachments.failed
    ? attachments.retryable
      ? 'Try the upload again, or remove the file that could not be uploaded, to go on.'
      : 'Remove the file that could not be uploaded (or add it again) to go on.'
    : attachments.busy ? 'Waiting for the uploads to finish…' : undefined;
  const previewItems: PreviewItem[] = attachments.items
    .filter((item) => item.state !== 'failed')
    .map((item) => ({
      kind: item.kind,
      contentType: item.media?.contentType ?? '',
      // The file itself while it uploads (images, videos); documents once checked, from storage.
      url: item.kind === 'document' ? (item.state === 'ready' ? (item.media?.previewUrl ?? '') : '') : item.localUrl,
      altText: item.altText,
      fileName: item.fileName,
      pages: item.media?.pages ?? null,
    }));
  const tiedDraft = !post && draft !== undefined;
  const describedBy = [`${id}-count`, fieldError ? `${id}-field-error` : '', tiedDraft ? `${id}-draft` : ''].filter(Boolean).join(' ');
  const offersFresh = post !== undefined || draft !== undefined || text !== '' || attachments.hasContent;
  const conflict = error instanceof ApiError && error.code === 'VERSION_MISMATCH';

  return (
    <>
      <div className="compose__grid">
        <section className="panel composer" aria-labelledby={`${id}-title`}>
          <div className="composer__head">
            <h2 id={`${id}-title`} className="panel__title">
              {post ? `Edit ${STATUS_LABELS[post.status].toLowerCase()} post` : 'New post'}
            </h2>
            {offersFresh && (
              <button type="button" className="button button--quiet" onClick={() => void composer.startFresh()} disabled={busy !== undefined} aria-describedby={`${id}-fresh`}>
                {busy === 'fresh' ? 'Keeping your text…' : 'New post'}
              </button>
            )}
            <span className="visually-hidden" id={`${id}-fresh`}>
              {composer.unsavedWork ? 'Keeps what is written here in your posts first.' : 'Starts an empty post.'}
            </span>
          </div>
          {post?.status === 'scheduled' && post.scheduledAt && <p className="hint">Scheduled for {formatDateTime(post.scheduledAt, timeZone)}.</p>}
          <form
            className="editor"
            aria-busy={busy !== undefined}
            onSubmit={(event) => {
              event.preventDefault();
              if (ready) void composer.saveDraft();
            }}
          >
            <label className="editor__label" htmlFor={`${id}-text`}>
              What do you want to share?
            </label>
            {composer.restored && !outcome && <RestoredNote restored={composer.restored} text={text} lost={attachments.lost} />}
            <textarea
              ref={composer.textarea}
              id={`${id}-text`}
              className="editor__text"
              dir="auto"
              value={text}
              onChange={(event) => composer.changeText(event.target.value)}
              onKeyDown={(event) => {
                // Ctrl/Cmd+Enter saves, as in most writing tools.
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && ready) {
                  event.preventDefault();
                  void composer.saveDraft();
                }
              }}
              rows={9}
              placeholder="Start with a hook: the first two lines are all most people see."
              aria-describedby={describedBy}
              aria-invalid={!fits || length.state === 'too-long' || fieldError !== undefined}
              spellCheck
            />
            <CharacterCounter id={`${id}-count`} length={length} mustFit={onItsWay} />
            {fieldError && (
              <p className="editor__field-error" id={`${id}-field-error`}>
                {fieldError}
              </p>
            )}
            <AttachmentsEditor attachments={attachments} />
            <PollEditor attachments={attachments} />
            {waitingFor && (
              <p className="hint" role="status">
                {waitingFor}
              </p>
            )}
            {tiedDraft && (
              <p className="hint" id={`${id}-draft`}>
                Saved in your drafts; changes here update that draft.
              </p>
            )}
            <ComposerActions composer={composer} ready={ready} sendable={sendable} lengthId={fits ? undefined : `${id}-count`} />
          </form>
          <ComposerSchedule composer={composer} ready={sendable} {...(input.at !== undefined ? { at: input.at } : {})} />
          {error !== undefined && (
            <ErrorNotice error={error}>
              {linkedInFix && me.linkedin && <ConnectLinkedInButton returnPath={`${window.location.pathname}${window.location.search}`} label={linkedInFix} variant="secondary" />}
              {conflict && (
                <button type="button" className="button button--secondary" onClick={() => void composer.reload()}>
                  Discard my changes and reload
                </button>
              )}
              {post && isGone(error) && (
                <button type="button" className="button button--secondary" onClick={() => void composer.saveAsNew()}>
                  Save my text as a new draft
                </button>
              )}
            </ErrorNotice>
          )}
          <p className="flash" role="status">
            {outcome}
          </p>
          {/* Keyed by the send: a second Publish now follows its own post from the start. */}
          {followed && <PublishOutcome key={`${followed.id} ${followed.version}`} sent={followed} />}
        </section>
        <LinkedInPreview
          text={text}
          name={me.linkedin?.name ?? me.email}
          pictureUrl={me.linkedin?.pictureUrl ?? null}
          media={previewItems}
          poll={attachments.poll}
          documentTitle={attachments.documentTitle}
        />
      </div>
      <AiAssistPanel composerHasText={text.trim() !== ''} onUse={composer.takeFromAi} onSaveDraft={composer.saveFromAi} />
    </>
  );
}

/** "an image", "3 images", "a video": files of one kind, in words. */
function filesInWords(count: number, kind: string): string {
  if (kind === 'image') return count === 1 ? 'an image' : `${count} images`;
  const noun = kind === 'video' ? 'video' : 'document';
  return count === 1 ? `a ${noun}` : `${count} ${noun}s`;
}

/** "a, b and c". */
function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * What came back from this device after a reload or an expired session: the
 * text, files and poll, and, plainly, the files that did not (not uploaded
 * yet, or gone meanwhile) and must be attached again.
 */
function RestoredNote({ restored, text, lost }: { restored: UnsavedText; text: string; lost: string[] }) {
  const kept = restored.attachments ?? [];
  const back = kept.length - lost.length;
  const parts = [text !== '' ? 'text' : '', back > 0 ? filesInWords(back, kept[0]!.kind) : '', restored.poll ? 'poll' : ''].filter(Boolean);
  if (parts.length === 0 && lost.length === 0) return null;
  const single = parts.length === 1 && (parts[0] === 'text' || parts[0] === 'poll' || back === 1);
  return (
    <p className="editor__hint">
      {parts.length > 0 && `Your unsaved ${listInWords(parts)} ${single ? 'was' : 'were'} restored.`}
      {lost.length > 0 && `${parts.length > 0 ? ' ' : ''}Re-attach ${listInWords(lost)}: ${lost.length === 1 ? 'it was' : 'they were'} not kept.`}
    </p>
  );
}
