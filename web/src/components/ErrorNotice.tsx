import type { ReactNode } from 'react';
import { ApiError, describeWait } from '../api/api-error';

/** The words to show for any failure: the API's own message when there is one. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}

/** " (at 01:00)" for a wait long enough that the clock time helps; nothing for seconds. */
function clockTime(seconds: number, now = Date.now()): string {
  if (seconds < 90) return '';
  return ` (at ${new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(now + seconds * 1000))})`;
}

interface ErrorNoticeProps {
  error: unknown;
  /** Buttons that offer a way out (reload, retry…). */
  children?: ReactNode;
  id?: string;
}

/**
 * A failure, announced to screen readers (role="alert") and worded as the API
 * worded it; a 429 also says when to try again.
 */
export function ErrorNotice({ error, children, id }: ErrorNoticeProps) {
  const retryAfter = error instanceof ApiError ? error.retryAfterSeconds : undefined;
  return (
    <div className="notice notice--error" role="alert" id={id}>
      <p className="notice__message">{errorMessage(error)}</p>
      {retryAfter !== undefined && <p className="notice__hint">You can try again {describeWait(retryAfter)}{clockTime(retryAfter)}.</p>}
      {children && <div className="notice__actions">{children}</div>}
    </div>
  );
}
