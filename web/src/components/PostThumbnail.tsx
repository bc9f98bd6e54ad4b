import type { Post } from '../api/mark-api';

/**
 * A small picture of what a post carries, for lists and the calendar: its
 * first image (with "+N" for more), a video's poster frame, a document or a
 * poll marker. Nothing for a text post.
 */
export function PostThumbnail({ post, size = 'small' }: { post: Post; size?: 'small' | 'tiny' }) {
  const media = post.media ?? [];
  const first = media[0];
  const className = `thumb thumb--${size}`;
  if (post.poll) {
    return (
      <span className={`${className} thumb--marker`} title="Poll">
        Poll
      </span>
    );
  }
  if (!first) return null;
  if (first.kind === 'image') {
    return (
      <span className={className}>
        <img src={first.previewUrl} alt={first.altText} loading="lazy" />
        {media.length > 1 && <span className="thumb__more">+{media.length - 1}</span>}
      </span>
    );
  }
  if (first.kind === 'video') {
    return (
      <span className={className}>
        <video src={`${first.previewUrl}#t=0.1`} preload="metadata" muted aria-label="Video" />
      </span>
    );
  }
  return (
    <span className={`${className} thumb--marker`} title={post.documentTitle ?? 'Document'}>
      Doc
    </span>
  );
}
