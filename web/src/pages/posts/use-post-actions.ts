import { useEffect, useRef, useState } from 'react';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import type { Post } from '../../api/mark-api';
import { scheduleWarningText } from '../../linkedin/connection-state';
import { formatDateTime } from '../../posts/format-time';
import { displayStatus, isEditable } from '../../posts/post-status';
import { useRequest } from '../../requests/use-request';

/** What the card shows under the post: its text, the editor, the schedule picker, or the delete question. */
export type PostCardMode = 'view' | 'edit' | 'schedule' | 'confirm-delete';
export type PostAction = 'save' | 'delete' | 'schedule' | 'unschedule' | 'publish' | 'reload';

export interface PostCardEvents {
  /** The post changed (saved, scheduled, reloaded…); `message` is announced. */
  onChanged(post: Post, message?: string): void;
  /** The post is gone (deleted here, or found deleted elsewhere); `message` is announced. */
  onRemoved(id: string, message: string): void;
}

/**
 * Everything a post's card does: its mode, the edit in progress (sent with the
 * version it started from, so a stale save is refused, not lost, and kept in
 * localStorage as it is typed), and the API calls — save, schedule,
 * unschedule, publish or retry, reload after a conflict, delete. One call at a
 * time; a failure stays on the card, in the API's words. Focus goes to the
 * delete question when it opens, and back to Edit when the card returns to view.
 */
export function usePostActions(post: Post, { onChanged, onRemoved }: PostCardEvents) {
  const { api, unsaved, timeZone, now, me } = useAccount();
  const status = displayStatus(post, now());
  const restored = isEditable(status) ? unsaved.get(post.id) : undefined;
  const [mode, setMode] = useState<PostCardMode>(restored ? 'edit' : 'view');
  const [text, setText] = useState(restored?.content ?? post.content);
  const [baseVersion, setBaseVersion] = useState(restored?.baseVersion ?? post.version);
  const [hint, setHint] = useState<string | undefined>(restored ? 'Your unsaved changes were restored.' : undefined);
  const request = useRequest<PostAction>();
  const editButton = useRef<HTMLButtonElement>(null);
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
    setHint(undefined);
    setMode('view');
  }

  function startEdit() {
    setText(post.content);
    setBaseVersion(post.version);
    request.setError(undefined);
    setHint(undefined);
    setMode('edit');
  }

  /** Opens the schedule picker or the delete question. */
  function open(next: 'schedule' | 'confirm-delete') {
    request.setError(undefined);
    setMode(next);
  }

  function changeText(next: string) {
    setText(next);
    unsaved.set(post.id, next, baseVersion);
  }

  function cancelEdit() {
    unsaved.remove(post.id);
    backToView();
  }

  const save = () =>
    request.run('save', async () => {
      const saved = await api.updatePost(post.id, text, baseVersion);
      unsaved.remove(post.id);
      onChanged(saved, 'Changes saved.');
      backToView();
    });

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
      onChanged(publishing, post.status === 'failed' ? 'Trying again: publishing now.' : 'Publishing now.');
    });

  /** After a 409/404: fetch the post as it is now and start again from it. */
  const reload = () =>
    request.run('reload', async () => {
      try {
        const latest = await api.getPost(post.id);
        unsaved.remove(post.id);
        onChanged(latest);
        if (mode === 'edit' && isEditable(latest.status)) {
          setText(latest.content);
          setBaseVersion(latest.version);
          setHint('Reloaded the latest version.');
        } else {
          backToView();
        }
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
      onRemoved(post.id, 'Post deleted.');
    });

  return {
    /** The status to show: a scheduled post whose time has come reads as publishing. */
    status,
    /** Unsaved text of this post found on this device when the card appeared. */
    restored,
    mode,
    text,
    hint,
    busy: request.busy,
    error: request.error,
    editButton,
    cancelDeleteButton,
    backToView,
    startEdit,
    open,
    changeText,
    cancelEdit,
    save,
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
