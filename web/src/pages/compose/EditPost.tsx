import type { ReactNode } from 'react';
import type { Post } from '../../api/mark-api';
import { useAccount } from '../../account/account-context';
import { ApiError } from '../../api/api-error';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link, navigateTo, PAGES } from '../../navigation/router';
import { isEditable, STATUS_LABELS } from '../../posts/post-status';
import { useLoaded } from '../../requests/use-loaded';
import { useRequest } from '../../requests/use-request';
import { Composer } from './Composer';
import { useCreateOnce } from './use-create-once';

interface EditPostProps {
  postId: string;
  outcome: ReactNode;
  announce(outcome: ReactNode): void;
  onProgress(): void;
  follow(sent: Post): void;
  followed: Post | undefined;
}

/**
 * A post opened in the composer (`/?post=<id>`): loaded, then edited in the
 * full composer while it can still change; a published one says so, with
 * where to see it, and a way to keep any unsaved text as a new draft.
 */
export function EditPost({ postId, ...rest }: EditPostProps) {
  const { api } = useAccount();
  const loaded = useLoaded(() => api.getPost(postId), [api, postId]);
  const post = loaded.value;

  if (loaded.error !== undefined) {
    const gone = loaded.error instanceof ApiError && loaded.error.status === 404;
    // A 404 is a post deleted (here or on another device) or a link that never named one of this account's posts.
    return (
      <section className="panel composer">
        {gone ? <p className="notice notice--info">That post is not in your account: it was deleted, or the link is wrong.</p> : <ErrorNotice error={loaded.error} />}
        {gone && <KeepUnsavedAsDraft postId={postId} announce={rest.announce} />}
        <Link to={PAGES.write.path} className="button button--primary">
          Write a new post
        </Link>
      </section>
    );
  }
  if (!post) {
    return (
      <p className="muted" role="status">
        Loading the post…
      </p>
    );
  }
  if (isEditable(post.status)) return <Composer post={post} {...rest} />;

  return (
    <section className="panel composer" aria-label="Post">
      <p className="notice notice--info">This post is {STATUS_LABELS[post.status].toLowerCase()} and can no longer be edited.</p>
      <p className="composer__gone-text">{post.content}</p>
      <KeepUnsavedAsDraft postId={post.id} announce={rest.announce} />
      <div className="editor__actions">
        {post.linkedinUrl && (
          <a className="button button--secondary" href={post.linkedinUrl} target="_blank" rel="noreferrer">
            View on LinkedIn<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        )}
        <Link to={`${PAGES.posts.path}?status=${post.status}&post=${encodeURIComponent(post.id)}`} className="button button--secondary">
          See it in Posts
        </Link>
        <Link to={PAGES.write.path} className="button button--primary">
          Write a new post
        </Link>
      </div>
      <p className="flash" role="status">
        {rest.outcome}
      </p>
    </section>
  );
}

/**
 * Changes to a post that can no longer take them (published, or gone), kept on this device: offered as a new
 * draft, so they are neither lost nor left where nothing reaches them (a sign-out would still count them).
 */
function KeepUnsavedAsDraft({ postId, announce }: { postId: string; announce(outcome: ReactNode): void }) {
  const { api, unsaved } = useAccount();
  const keep = useRequest();
  const createOnce = useCreateOnce(api);
  const left = unsaved.get(postId);
  if (!left) return null;
  return (
    <>
      <p className="hint">
        Your unsaved changes to it are kept on this device.{' '}
        <button
          type="button"
          className="link-button"
          disabled={keep.busy !== undefined}
          onClick={() =>
            void keep.run(true, async () => {
              const created = await createOnce(left.content);
              unsaved.remove(postId);
              announce('Your changes were saved as a new draft.');
              navigateTo(`${PAGES.write.path}?post=${encodeURIComponent(created.id)}`, { replace: true });
            })
          }
        >
          Save them as a new draft
        </button>
      </p>
      {keep.error !== undefined && <ErrorNotice error={keep.error} />}
    </>
  );
}
