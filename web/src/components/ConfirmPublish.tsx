import { useEffect, useId, useRef } from 'react';

interface ConfirmPublishProps {
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * "Publish now" asks first: a post on LinkedIn cannot be taken back from
 * here. The question takes focus on its safe answer (Cancel, or Escape), as
 * the delete question does.
 */
export function ConfirmPublish({ busy, onConfirm, onCancel }: ConfirmPublishProps) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-labelledby={id}>
      <p className="confirm__question" id={id}>
        Publish this post on LinkedIn now? Your network sees it at once.
      </p>
      <div className="confirm__actions">
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={busy}>
          {busy ? 'Publishing…' : 'Yes, publish now'}
        </button>
        <button type="button" className="button button--quiet" ref={cancel} onClick={onCancel} onKeyDown={(event) => event.key === 'Escape' && onCancel()} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
