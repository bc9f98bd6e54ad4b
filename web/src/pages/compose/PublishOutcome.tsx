import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { ConnectLinkedInButton } from '../../components/ConnectLinkedInButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { connectionState, reconnectFailureNote, waitingPostNote } from '../../linkedin/connection-state';
import { Link, PAGES } from '../../navigation/router';
import { useRequest } from '../../requests/use-request';
import { onItsWay, useFollowedPost } from './use-followed-post';

/** Where the post is in Posts: its tab, brought into view. */
function inPosts(post: Post): string {
  return `${PAGES.posts.path}?status=${post.status}&post=${encodeURIComponent(post.id)}`;
}

/**
 * What became of a post sent with "Publish now", as it moves (use-followed-post.ts):
 * "Publishing to LinkedIn…", then Published with its LinkedIn link, or why it
 * failed with Retry and a link to it in Posts, or, when it waits, what the
 * LinkedIn connection needs. Said in a polite live region, so a screen reader
 * hears each change without being interrupted.
 */
export function PublishOutcome({ sent }: { sent: Post }) {
  const { api, me, now, timeZone } = useAccount();
  const { post, gone, gaveUp, restart } = useFollowedPost(sent);
  const retry = useRequest<'retry'>();
  const connection = connectionState(me.linkedin, now());
  const note =
    post.status === 'waiting'
      ? waitingPostNote(post, connection, now(), timeZone)
      : post.status === 'failed' && post.error?.code === 'LINKEDIN_RECONNECT_REQUIRED'
        ? reconnectFailureNote(connection)
        : undefined;

  return (
    <div className="publish-outcome">
      <p className={`publish-outcome__line publish-outcome__line--${gone ? 'gone' : post.status}`} role="status" aria-live="polite" aria-atomic="true">
        <Line post={post} gone={gone} gaveUp={gaveUp} />
      </p>
      {note && <p className="hint">{note.text}</p>}
      {!gone && (post.status === 'failed' || post.status === 'waiting') && (
        <div className="publish-outcome__actions">
          {post.status === 'failed' && (
            <button
              type="button"
              className="button button--primary"
              disabled={retry.busy !== undefined}
              onClick={() => void retry.run('retry', async () => restart(await api.publishPost(post.id)))}
            >
              {retry.busy ? 'Retrying…' : 'Retry'}
            </button>
          )}
          {note?.fix && me.linkedin && <ConnectLinkedInButton returnPath={`${PAGES.posts.path}?status=all`} label={note.fix} variant="secondary" />}
          <Link to={inPosts(post)}>See it in Posts</Link>
        </div>
      )}
      {retry.error !== undefined && <ErrorNotice error={retry.error} />}
    </div>
  );
}

function Line({ post, gone, gaveUp }: { post: Post; gone: boolean; gaveUp: boolean }) {
  if (gone) return <>The post was deleted before it went out.</>;
  if (onItsWay(post)) {
    if (gaveUp) {
      return (
        <>
          Still publishing to LinkedIn. <Link to={inPosts(post)}>Follow it in Posts</Link>
        </>
      );
    }
    return <>Publishing to LinkedIn…{post.status === 'publishing' && post.statusDetail ? ` ${post.statusDetail}…` : ''}</>;
  }
  switch (post.status) {
    case 'published':
      return (
        <>
          Published.{' '}
          {post.linkedinUrl ? (
            <a href={post.linkedinUrl} target="_blank" rel="noopener noreferrer">
              View it on LinkedIn<span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          ) : (
            <Link to={inPosts(post)}>See it in Posts</Link>
          )}
        </>
      );
    case 'failed':
      return <>Publishing failed: {post.error?.message ?? 'LinkedIn did not take the post.'}</>;
    case 'waiting':
      return <>Waiting for LinkedIn: the post goes out once the connection works.</>;
    default:
      return (
        <>
          The post is a draft again. <Link to={inPosts(post)}>See it in Posts</Link>
        </>
      );
  }
}
