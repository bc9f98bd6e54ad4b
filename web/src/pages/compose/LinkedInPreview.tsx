import { useEffect, useId, useState } from 'react';
import { splitHashtags } from '@contract/little-text';
import { splitUrls } from '@contract/post-urls';
import { Avatar } from '../../components/Avatar';
import { foldForFeed, normalizeForFeed } from '../../posts/feed-fold';
import type { PollView } from '@contract/api/media';
import { MediaPreview, type PreviewItem } from './MediaPreview';

interface LinkedInPreviewProps {
  text: string;
  /** From the LinkedIn connection; the email stands in before one exists. */
  name: string;
  pictureUrl: string | null;
  /** Attachments in the post's order, and the poll, shown under the text as LinkedIn does. */
  media?: PreviewItem[];
  poll?: PollView | null;
  documentTitle?: string;
}

/**
 * The post as it will look in the LinkedIn feed: the author, the text folded
 * where LinkedIn folds it ("…see more"), line breaks as typed, web addresses as
 * links and hashtags in LinkedIn's link blue (found by the very rule the
 * publisher sends them by).
 * "see more" unfolds it, as on LinkedIn.
 */
export function LinkedInPreview({ text, name, pictureUrl, media = [], poll = null, documentTitle = '' }: LinkedInPreviewProps) {
  const headingId = useId();
  const [expanded, setExpanded] = useState(false);
  const fold = foldForFeed(text);
  // New text folds again, so the writer always sees the hook as readers will.
  useEffect(() => setExpanded(false), [fold.visible]);

  return (
    <section className="preview" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        Preview
      </h2>
      <div className="preview__card">
        <div className="preview__author">
          <Avatar name={name} pictureUrl={pictureUrl} />
          <div>
            <p className="preview__name">{name}</p>
            <p className="preview__meta">
              Now · <span aria-label="Public">🌐</span>
            </p>
          </div>
        </div>
        {fold.visible === '' && media.length === 0 && !poll ? (
          <p className="preview__text preview__text--empty">Your post will appear here as your network sees it.</p>
        ) : (
          <p className="preview__text" data-testid="preview-text" dir="auto">
            <WithLinks text={expanded ? normalizeForFeed(text) : fold.visible} />
            {fold.folded && !expanded && (
              <>
                {/* A space first, so "helped." does not run into the ellipsis. */}
                <span aria-hidden="true"> …</span>
                <button type="button" className="preview__more" onClick={() => setExpanded(true)}>
                  see more
                </button>
              </>
            )}
          </p>
        )}
        <MediaPreview items={media} poll={poll} documentTitle={documentTitle} />
      </div>
      <p className="hint">LinkedIn shows the first ~210 characters or 3 lines, then “…see more”: put the hook there.</p>
    </section>
  );
}

/**
 * Text with each web address and hashtag as LinkedIn shows them. Addresses come
 * first: a `#` inside one is part of the address, not a hashtag.
 */
function WithLinks({ text }: { text: string }) {
  return (
    <>
      {splitUrls(text).map((part, i) =>
        part.kind === 'text' ? (
          <WithHashtags key={i} text={part.text} />
        ) : (
          <a key={i} className="preview__link" href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}

/** Text with each hashtag as LinkedIn shows it: blue and bold, looking like the link it will be. */
function WithHashtags({ text }: { text: string }) {
  return (
    <>
      {splitHashtags(text).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <span key={i} className="preview__hashtag" data-testid="preview-hashtag">
            #{part.tag}
          </span>
        ),
      )}
    </>
  );
}
