import { useEffect, useId, useRef, useState } from 'react';
import { ConfirmPublish } from '../../components/ConfirmPublish';
import { LinkedInFirst, usePublishingGate } from '../../components/LinkedInFirst';
import { SchedulePicker } from '../../components/SchedulePicker';
import type { Composer } from './use-composer';

interface ComposerActionsProps {
  composer: Composer;
  /** The post can be saved as it is (text or attachments, uploads done, poll complete, nothing running). */
  ready: boolean;
  /** And it can go to LinkedIn as it is (within LinkedIn's length limit). */
  sendable?: boolean;
  /** The character counter's id, when the text is why the post cannot go yet (the buttons point at it). */
  lengthId?: string | undefined;
  /** A new post started from a calendar slot: the time the schedule picker opens on. */
  at?: string;
}

/**
 * Save, Schedule…, Add to queue and Publish now, inside the composer's form. Schedule and Publish say "connect LinkedIn
 * first" before anyone presses them (from the connection GET /v1/me reports);
 * Publish now asks for confirmation.
 */
export function ComposerActions({ composer, ready, sendable = ready, lengthId }: Omit<ComposerActionsProps, 'at'>) {
  const id = useId();
  const gate = usePublishingGate();
  const [confirming, setConfirming] = useState(false);
  const publishButton = useRef<HTMLButtonElement>(null);
  const backToPublish = useRef(false);
  const { busy, post } = composer;
  const scheduled = post?.status === 'scheduled';
  const describedBy = [gate.blocked ? `${id}-linkedin` : '', lengthId ?? ''].filter(Boolean).join(' ') || undefined;

  useEffect(() => {
    if (confirming || !backToPublish.current) return;
    backToPublish.current = false;
    publishButton.current?.focus();
  }, [confirming]);

  function cancelPublish() {
    backToPublish.current = true;
    setConfirming(false);
  }

  return (
    <>
      <LinkedInFirst gate={gate} returnPath={`${window.location.pathname}${window.location.search}`} id={`${id}-linkedin`} />
      {confirming ? (
        <ConfirmPublish busy={busy === 'publish'} onConfirm={() => void composer.publishNow().finally(() => setConfirming(false))} onCancel={cancelPublish} />
      ) : (
        <div className="editor__actions">
          <button type="submit" className="button button--secondary" disabled={!ready}>
            {busy === 'save' ? 'Saving…' : post ? 'Save changes' : 'Save draft'}
          </button>
          <button
            type="button"
            ref={composer.scheduleButton}
            className="button button--primary"
            disabled={!sendable || gate.blocked}
            aria-expanded={composer.scheduling}
            aria-describedby={describedBy}
            onClick={() => composer.showScheduling(true)}
          >
            {scheduled ? 'Reschedule…' : 'Schedule…'}
          </button>
          <button type="button" className="button button--secondary" disabled={!sendable || gate.blocked} aria-describedby={describedBy} onClick={() => void composer.addToQueue()}>
            {busy === 'queue' ? 'Queueing…' : 'Add to queue'}
          </button>
          <button
            type="button"
            ref={publishButton}
            className="button button--secondary"
            disabled={!sendable || gate.blocked}
            aria-describedby={describedBy}
            onClick={() => {
              composer.showScheduling(false);
              setConfirming(true);
            }}
          >
            Publish now
          </button>
        </div>
      )}
    </>
  );
}

/** The schedule picker under the composer (a form of its own, so outside the composer's). */
export function ComposerSchedule({ composer, ready, at }: ComposerActionsProps) {
  const gate = usePublishingGate();
  const { busy, post } = composer;
  if (!composer.scheduling) return null;
  const scheduled = post?.status === 'scheduled';
  return (
    <SchedulePicker
      current={at ?? (scheduled ? post.scheduledAt : null)}
      submitLabel={scheduled ? 'Reschedule' : 'Schedule post'}
      busy={busy === 'schedule'}
      disabled={!ready || gate.blocked}
      autoFocus={at === undefined}
      onSchedule={(scheduledAt) => void composer.schedule(scheduledAt)}
      onCancel={composer.cancelScheduling}
    />
  );
}
