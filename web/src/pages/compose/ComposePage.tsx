import { useId } from 'react';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import { CharacterCounter } from '../../components/CharacterCounter';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SchedulePicker } from '../../components/SchedulePicker';
import { linkedInFixFor } from '../../linkedin/connection-state';
import { PAGES } from '../../navigation/router';
import { canSave, measureContent } from '../../posts/content-length';
import { AiAssistPanel } from './AiAssistPanel';
import { LinkedInPreview } from './LinkedInPreview';
import { OnboardingChecklist } from './OnboardingChecklist';
import { useComposer } from './use-composer';
import { AttachmentsEditor } from './AttachmentsEditor';
import { PollEditor, pollComplete } from './PollEditor';
import type { PreviewItem } from './MediaPreview';

/**
 * The home page: the getting-started checklist, the composer with its live
 * LinkedIn preview, and the AI panel. From the composer a post is saved as a
 * draft, scheduled, or published now (use-composer.tsx).
 */
export function ComposePage() {
  const { me } = useAccount();
  const id = useId();
  const composer = useComposer();
  const { text, draft, busy, error, outcome, attachments } = composer;
  const length = measureContent(text);
  const linkedInFix = linkedInFixFor(error);
  const fieldError = error instanceof ApiError ? error.detailFor('content') : undefined;
  // Text may be empty with files or a poll; files must be uploaded and checked, a poll filled in.
  const hasSomething = canSave(length) || (length.state === 'empty' && attachments.hasContent);
  const ready = hasSomething && !attachments.busy && !attachments.failed && pollComplete(attachments.poll) && busy === undefined;
  const waitingFor = attachments.failed ? 'Remove the file that could not be uploaded (or add it again) to go on.' : attachments.busy ? 'Waiting for the uploads to finish…' : undefined;
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
  const describedBy = [`${id}-count`, fieldError ? `${id}-field-error` : '', draft ? `${id}-draft` : ''].filter(Boolean).join(' ');

  return (
    <div className="compose">
      <h1 className="page__title" tabIndex={-1}>
        Write a post
      </h1>
      <OnboardingChecklist refreshKey={composer.progressKey} />
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
              if (ready) void composer.saveDraft();
            }}
          >
            <label className="editor__label" htmlFor={`${id}-text`}>
              What do you want to share?
            </label>
            {composer.restored && text !== '' && !outcome && <p className="editor__hint">Your unsaved text was restored.</p>}
            <textarea
              ref={composer.textarea}
              id={`${id}-text`}
              className="editor__text"
              value={text}
              onChange={(event) => composer.changeText(event.target.value)}
              onKeyDown={(event) => {
                // Ctrl/Cmd+Enter saves the draft, as in most writing tools.
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && ready) {
                  event.preventDefault();
                  void composer.saveDraft();
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
            <AttachmentsEditor attachments={attachments} />
            <PollEditor attachments={attachments} />
            {waitingFor && (
              <p className="hint" role="status">
                {waitingFor}
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
              <button type="button" className="button button--primary" disabled={!ready} aria-expanded={composer.scheduling} onClick={() => composer.showScheduling(true)}>
                Schedule…
              </button>
              <button type="button" className="button button--secondary" disabled={!ready} onClick={() => void composer.addToQueue()}>
                {busy === 'queue' ? 'Queueing…' : 'Add to queue'}
              </button>
              <button type="button" className="button button--secondary" disabled={!ready} onClick={() => void composer.publishNow()}>
                {busy === 'publish' ? 'Publishing…' : 'Publish now'}
              </button>
            </div>
          </form>
          {composer.scheduling && (
            <SchedulePicker submitLabel="Schedule post" busy={busy === 'schedule'} onSchedule={(at) => void composer.schedule(at)} onCancel={() => composer.showScheduling(false)} />
          )}
          {error !== undefined && (
            <ErrorNotice error={error}>
              {linkedInFix && me.linkedin && <ConnectLinkedInButton returnPath={PAGES.write.path} label={linkedInFix} variant="secondary" />}
            </ErrorNotice>
          )}
          <p className="flash" role="status">
            {outcome}
          </p>
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
    </div>
  );
}
