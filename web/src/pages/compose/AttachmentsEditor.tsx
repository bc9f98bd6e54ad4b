import { useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { MEDIA_LIMITS, defaultDocumentTitle } from '@contract/api/media';
import { ClippedTextField } from '../../components/ClippedTextField';
import { ACCEPTED_FILES } from '../../media/file-rules';
import type { Attachment, Attachments } from './use-attachments';

/**
 * Attach files by the picker or by dropping them here; each shows its real
 * upload progress, then its thumbnail. Images take alt text (with a gentle
 * nudge while it is empty) and can be reordered by dragging or with the
 * keyboard (the Move buttons, or Alt+←/→ on an image); any file can be removed.
 */
export function AttachmentsEditor({ attachments }: { attachments: Attachments }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dropping, setDropping] = useState(false);
  const [dragged, setDragged] = useState<string>();
  const { items } = attachments;
  const images = items.filter((i) => i.kind === 'image').length;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDropping(false);
    if (event.dataTransfer.files.length > 0) attachments.add([...event.dataTransfer.files]);
  };

  return (
    <div className="attach">
      <div
        className={`attach__drop${dropping ? ' attach__drop--over' : ''}`}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes('Files')) {
            event.preventDefault();
            setDropping(true);
          }
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
      >
        <button type="button" className="button button--secondary" onClick={() => input.current?.click()} aria-describedby={`${id}-what`}>
          Add images, a PDF or a video
        </button>
        <span className="hint" id={`${id}-what`}>
          or drop files here · up to {MEDIA_LIMITS.maxImagesPerPost} images (JPG, PNG, GIF), or one PDF/PowerPoint/Word document, or one MP4 video
        </span>
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          multiple
          accept={ACCEPTED_FILES}
          aria-label="Attach files"
          tabIndex={-1}
          onChange={(event) => {
            attachments.add([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      {attachments.problem && (
        <p className="attach__problem" role="alert">
          {attachments.problem}
        </p>
      )}
      {items.length > 0 && (
        <ol className="attachments" aria-label="Attached files">
          {items.map((item, index) => (
            <AttachmentRow
              key={item.key}
              item={item}
              index={index}
              count={items.length}
              reorderable={images > 1}
              dragged={dragged === item.key}
              attachments={attachments}
              onDragStart={() => setDragged(item.key)}
              onDragEnd={() => setDragged(undefined)}
              onDropOn={() => {
                if (dragged) attachments.move(dragged, index);
                setDragged(undefined);
              }}
            />
          ))}
        </ol>
      )}
      {items[0]?.kind === 'document' && (
        <ClippedTextField
          className="attach__title"
          label="Document title (shown on LinkedIn)"
          value={attachments.documentTitle}
          max={MEDIA_LIMITS.maxDocumentTitleCharacters}
          placeholder={defaultDocumentTitle(items[0].fileName)}
          onChange={attachments.setDocumentTitle}
        />
      )}
    </div>
  );
}

interface RowProps {
  item: Attachment;
  index: number;
  count: number;
  reorderable: boolean;
  dragged: boolean;
  attachments: Attachments;
  onDragStart(): void;
  onDragEnd(): void;
  onDropOn(): void;
}

function AttachmentRow({ item, index, count, reorderable, dragged, attachments, onDragStart, onDragEnd, onDropOn }: RowProps) {
  const id = useId();
  const keys = (event: KeyboardEvent) => {
    if (!reorderable || !event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    attachments.move(item.key, index + (event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 1));
  };
  const percent = Math.round(item.progress * 100);
  return (
    <li
      className={`attachment attachment--${item.state}${dragged ? ' attachment--dragged' : ''}`}
      draggable={reorderable}
      onDragStart={(event) => {
        event.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      onDragOver={(event) => reorderable && event.preventDefault()}
      onDrop={(event) => {
        event.preventDefault();
        onDropOn();
      }}
      onKeyDown={keys}
      aria-label={`${item.fileName}, ${index + 1} of ${count}`}
    >
      <Thumbnail item={item} />
      <div className="attachment__body">
        <p className="attachment__name">{item.fileName}</p>
        {item.state === 'uploading' && (
          <>
            <progress max={100} value={percent} aria-label={`Uploading ${item.fileName}`} />
            <span className="hint">{percent}%</span>
          </>
        )}
        {item.state === 'checking' && <span className="hint">Checking the file…</span>}
        {item.state === 'failed' && (
          <p className="attachment__error" role="alert">
            {item.error}
          </p>
        )}
        {item.state === 'failed' && item.retryable && (
          <button type="button" className="button button--secondary" onClick={() => attachments.retry(item.key)} aria-label={`Try again: upload ${item.fileName}`}>
            Try again
          </button>
        )}
        {item.kind === 'image' && item.state !== 'failed' && (
          <ClippedTextField
            className="attachment__alt"
            label={`Alt text for ${item.fileName}`}
            value={item.altText}
            max={MEDIA_LIMITS.maxAltTextCharacters}
            placeholder="What does the image show?"
            aria-describedby={item.altText.trim() === '' ? `${id}-nudge` : undefined}
            onChange={(altText) => attachments.setAltText(item.key, altText)}
          />
        )}
        {item.kind === 'image' && item.state !== 'failed' && item.altText.trim() === '' && (
          <p className="attachment__nudge" id={`${id}-nudge`}>
            Add alt text: it tells people who cannot see the image what it shows.
          </p>
        )}
        {item.kind === 'document' && item.media?.pages && <span className="hint">{item.media.pages} pages</span>}
      </div>
      <div className="attachment__actions">
        {reorderable && (
          <>
            <button type="button" className="link-button" disabled={index === 0} onClick={() => attachments.move(item.key, index - 1)} aria-label={`Move ${item.fileName} earlier`}>
              ←
            </button>
            <button type="button" className="link-button" disabled={index === count - 1} onClick={() => attachments.move(item.key, index + 1)} aria-label={`Move ${item.fileName} later`}>
              →
            </button>
          </>
        )}
        <button type="button" className="link-button" onClick={() => attachments.remove(item.key)} aria-label={`Remove ${item.fileName}`}>
          Remove
        </button>
      </div>
    </li>
  );
}

function Thumbnail({ item }: { item: Attachment }) {
  if (item.kind === 'image') return <img className="attachment__thumb" src={item.localUrl} alt="" />;
  if (item.kind === 'video') return <video className="attachment__thumb" src={`${item.localUrl}#t=0.1`} preload="metadata" muted aria-hidden="true" />;
  return (
    <span className="attachment__thumb attachment__thumb--doc" aria-hidden="true">
      PDF
    </span>
  );
}
