import { lazy, Suspense } from 'react';
import { defaultDocumentTitle, type MediaKind, type PollView } from '@contract/api/media';
import { feedGrid } from '../../media/feed-grid';

const PdfFirstPage = lazy(() => import('./PdfFirstPage').then((m) => ({ default: m.PdfFirstPage })));

/** One attachment as the preview shows it. */
export interface PreviewItem {
  kind: MediaKind;
  contentType: string;
  url: string;
  altText: string;
  fileName: string;
  pages: number | null;
}

const DURATION_WORDS: Record<string, string> = { ONE_DAY: '1 day left', THREE_DAYS: '3 days left', SEVEN_DAYS: '1 week left', FOURTEEN_DAYS: '2 weeks left' };

/**
 * What LinkedIn shows under the text: one image; the 2 / 3 / 4 / "+N" grids;
 * a document's first page with its page count; a video with its poster frame;
 * the poll with its options.
 */
export function MediaPreview({ items, poll, documentTitle }: { items: PreviewItem[]; poll: PollView | null; documentTitle: string }) {
  if (poll) {
    return (
      <div className="preview__poll" data-testid="preview-poll">
        <p className="preview__poll-question">{poll.question || 'Your question'}</p>
        <ul>
          {poll.options.map((option, i) => (
            <li key={i}>{option || `Option ${i + 1}`}</li>
          ))}
        </ul>
        <p className="hint">0 votes · {DURATION_WORDS[poll.duration]}</p>
      </div>
    );
  }
  const first = items[0];
  if (!first) return null;
  if (first.kind === 'document' && (first.contentType !== 'application/pdf' || first.url === '')) {
    return (
      <div className="preview__document preview__document--file">
        <strong>{documentTitle || defaultDocumentTitle(first.fileName)}</strong>
        <span className="hint">{first.url === '' ? 'The first page shows once the upload is checked.' : 'LinkedIn shows this document page by page.'}</span>
      </div>
    );
  }
  if (first.kind === 'document') {
    return (
      <Suspense fallback={<p className="hint">Loading the first page…</p>}>
        <PdfFirstPage url={first.url} title={documentTitle || defaultDocumentTitle(first.fileName)} pages={first.pages} />
      </Suspense>
    );
  }
  if (first.kind === 'video') {
    // The poster frame: the browser draws the first moment once it has the metadata.
    return <video className="preview__video" src={`${first.url}#t=0.1`} preload="metadata" controls muted aria-label={`Video: ${first.fileName}`} />;
  }
  const grid = feedGrid(items.length);
  return (
    <div className={`preview__grid preview__grid--${grid.layout}`} data-testid="preview-images">
      {grid.shown.map((index, position) => (
        <div key={index} className="preview__tile">
          <img src={items[index]!.url} alt={items[index]!.altText} />
          {grid.more > 0 && position === grid.shown.length - 1 && <span className="preview__more-images">+{grid.more}</span>}
        </div>
      ))}
    </div>
  );
}
