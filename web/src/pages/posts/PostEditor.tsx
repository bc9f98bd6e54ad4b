import { useId, useRef, useEffect, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api/api-error';
import { CharacterCounter } from '../../components/CharacterCounter';
import { ErrorNotice } from '../../components/ErrorNotice';
import { canSave, measureContent } from '../../posts/content-length';

interface PostEditorProps {
  label: string;
  text: string;
  onTextChange(text: string): void;
  onSubmit(): void;
  submitLabel: string;
  busyLabel: string;
  busy: boolean;
  error?: unknown;
  /** Shown inside the error notice (e.g. "Reload latest"). */
  errorActions?: ReactNode;
  onCancel?(): void;
  autoFocus?: boolean;
  placeholder?: string;
  /** Extra line under the label (e.g. "Unsaved changes restored"). */
  hint?: ReactNode;
}

/**
 * The text box used to write a new post and to edit one: a labelled textarea,
 * the live character count, the API's field message beside the field, and the
 * request's error with its way out.
 */
export function PostEditor(props: PostEditorProps) {
  const id = useId();
  const textareaId = `${id}-text`;
  const counterId = `${id}-count`;
  const fieldErrorId = `${id}-field-error`;
  const hintId = `${id}-hint`;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const length = measureContent(props.text);
  const fieldError = props.error instanceof ApiError ? props.error.detailFor('content') : undefined;

  useEffect(() => {
    if (props.autoFocus) textarea.current?.focus();
  }, [props.autoFocus]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!props.busy && canSave(length)) props.onSubmit();
  }

  const describedBy = [props.hint ? hintId : '', counterId, fieldError ? fieldErrorId : ''].filter(Boolean).join(' ');
  return (
    <form className="editor" onSubmit={submit} aria-busy={props.busy}>
      <label className="editor__label" htmlFor={textareaId}>
        {props.label}
      </label>
      {props.hint && (
        <p className="editor__hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <textarea
        ref={textarea}
        id={textareaId}
        className="editor__text"
        value={props.text}
        onChange={(event) => props.onTextChange(event.target.value)}
        onKeyDown={(event) => {
          // Ctrl/Cmd+Enter saves, as in most writing tools. (No Escape-to-cancel: one stray key must not throw text away.)
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
        }}
        rows={6}
        placeholder={props.placeholder}
        aria-describedby={describedBy}
        aria-invalid={length.state === 'over' || fieldError !== undefined}
        spellCheck
      />
      <CharacterCounter id={counterId} length={length} />
      {fieldError && (
        <p className="editor__field-error" id={fieldErrorId}>
          {fieldError}
        </p>
      )}
      {props.error !== undefined && <ErrorNotice error={props.error}>{props.errorActions}</ErrorNotice>}
      <div className="editor__actions">
        <button type="submit" className="button button--primary" disabled={props.busy || !canSave(length)}>
          {props.busy ? props.busyLabel : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="button button--quiet" onClick={props.onCancel} disabled={props.busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
