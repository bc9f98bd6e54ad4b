import { useEffect, useRef, useState } from 'react';
// A file of the app (hashed, served from its origin like every script): CSP worker-src 'self'.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * A PDF's first page, drawn in the browser with PDF.js. The library (and its
 * worker) is loaded only when a document is attached and this preview is on
 * screen, so nobody else downloads it.
 */
export function PdfFirstPage({ url, title, pages }: { url: string; title: string; pages: number | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'waiting' | 'drawn' | 'failed'>('waiting');
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    const element = canvas.current;
    if (!element || typeof IntersectionObserver === 'undefined') return setVisible(true);
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setVisible(true));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    void (async () => {
      try {
        const pdfjs = await import('pdfjs-dist');
        pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
        const document = await pdfjs.getDocument({ url, isEvalSupported: false }).promise;
        const page = await document.getPage(1);
        const target = canvas.current;
        if (cancelled || !target) return;
        const viewport = page.getViewport({ scale: 1 });
        const scale = (target.parentElement?.clientWidth || 480) / viewport.width;
        const scaled = page.getViewport({ scale });
        target.width = Math.floor(scaled.width);
        target.height = Math.floor(scaled.height);
        await page.render({ canvas: target, viewport: scaled }).promise;
        if (!cancelled) setState('drawn');
        void document.destroy();
      } catch {
        if (!cancelled) setState('failed');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [visible, url]);

  return (
    <figure className="preview__document" data-state={state}>
      <canvas ref={canvas} role="img" aria-label={`First page of ${title}`} />
      {state === 'waiting' && <span className="hint">Loading the first page…</span>}
      {state === 'failed' && <span className="hint">The first page cannot be shown here; LinkedIn will show the document.</span>}
      <figcaption>
        <strong>{title}</strong>
        {pages ? ` · ${pages} pages` : ''}
      </figcaption>
    </figure>
  );
}
