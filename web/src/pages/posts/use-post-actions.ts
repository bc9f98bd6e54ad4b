import { useEffect, useRef, useState } from 'react';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import type { Post } from '../../api/mark-api';
import { scheduleWarningText } from '../../linkedin/connection-state';
import { formatDateTime } from '../../posts/format-time';
import { displayStatus, isEditable } from '../../posts/post-status';
import { useRequest } from '../../requests/use-request';

/** What the card shows under the post: its actions, the schedule picker, or a question (publish now? delete?). */
export type PostCardMode = 'view' | 'schedule' | 'confirm-publish' | 'confirm-delete';
export type PostAction = 'delete' | 'schedule' | 'unschedule' | 'publish' | 'reload';

export interface PostCardEvents {
  /** The post changed (scheduled, reloaded…); `message` is announced. */
  onChanged(post: Post, message?: string): void;
  /** The post is gone (deleted here, or found deleted elsewhere); `message` is announced. */
  onRemoved(id: string, message: string): void;
}

/**
 * Everything a post's card does besides editing (which is the composer's, at
 * /?post=<id>): its mode and the API calls — schedule, unschedule, publish
 * (after a confirmation) or retry, reload after a conflict, delete (after a
 * confirmation). One call at a time; a failure stays on the card, in the
 * API's words. Focus goes to a question's safe answer when it opens, and back
 * to Edit when the card returns to view.
 */
export function usePostActions(post: Post, { onChanged, onRemoved }: PostCardEvents) {
  const { api, unsaved, timeZone, now, me } = useAccount();
  const status = displayStatus(post, now());
  const [mode, setMode] = useState<PostCardMode>('view');
  const request = useRequest<PostAction>();
  const editButton = useRef<HTMLAnchorElement>(null);
  const cancelDeleteButton = useRef<HTMLButtonElement>(null);
  const focusAfterView = useRef(false);

  useEffect(() => {
    if (mode === 'confirm-delete') cancelDeleteButton.current?.focus();
    if (mode === 'view' && focusAfterView.current) {
      focusAfterView.current = false;
      editButton.current?.focus();
    }
  }, [mode]);

  function backToView() {
    focusAfterView.current = true;
    request.setError(undefined);
    setMode('view');
  }

  /** Opens the schedule picker, or asks before publishing now or deleting. */
  function open(next: Exclude<PostCardMode, 'view'>) {
    request.setError(undefined);
    setMode(next);
  }

  const schedule = (scheduledAt: string) =>
    request.run('schedule', async () => {
      const scheduled = await api.schedulePost(post.id, scheduledAt);
      const warning = scheduleWarningText(scheduled.warnings, me.linkedin?.expiresAt, timeZone);
      backToView();
      onChanged(scheduled, `Scheduled for ${formatDateTime(scheduled.scheduledAt ?? scheduledAt, timeZone)}.${warning ? ` ${warning}` : ''}`);
    });

  const unschedule = () =>
    request.run('unschedule', async () => {
      onChanged(await api.unschedulePost(post.id), 'Unscheduled: the post is back in your drafts.');
    });

  const publish = () =>
    request.run('publish', async () => {
      const publishing = await api.publishPost(post.id);
      setMode('view');
      onChanged(publishing, post.status === 'failed' ? 'Trying again: publishing now.' : 'Publishing now.');
    });

  /** After a 409/404: fetch the post as it is now and start again from it. */
  const reload = () =>
    request.run('reload', async () => {
      try {
        onChanged(await api.getPost(post.id));
        backToView();
      } catch (caught) {
        if (!isNotFound(caught)) throw caught;
        unsaved.remove(post.id);
        onRemoved(post.id, 'That post no longer exists; it was deleted elsewhere.');
      }
    });

  const confirmDelete = () =>
    request.run('delete', async () => {
      try {
        await api.deletePost(post.id);
      } catch (caught) {
        if (!isNotFound(caught)) throw caught;
      }
      unsaved.remove(post.id);
      onRemoved(post.id, post.status === 'published' ? 'Removed from Mark.0. It is still on LinkedIn.' : 'Post deleted.');
    });

  return {
    /** The status to show: a scheduled post whose time has come reads as publishing. */
    status,
    /** Unsaved changes to this post kept on this device (the composer gives them back). */
    unsavedEdit: isEditable(status) ? unsaved.get(post.id) : undefined,
    mode,
    busy: request.busy,
    error: request.error,
    editButton,
    cancelDeleteButton,
    backToView,
    open,
    schedule,
    unschedule,
    publish,
    reload,
    confirmDelete,
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
