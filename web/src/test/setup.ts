import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor give up after 1 s by default. `npm test` runs these beside the integration and browser
// tests on two cores, where a render can wait its turn longer than that: 5 s still fails a broken UI quickly.
configure({ asyncUtilTimeout: 5_000 });

const NODE_DIGEST = Symbol.for('mark0.test.nodeDigest');
// WebCrypto here is Node's and answers with Node's ArrayBuffers, while the tests run beside jsdom's globals, so
// `digest(...) instanceof ArrayBuffer` is false here and never in a browser (vitest-dev/vitest#5365). Give the tests
// their own realm's buffers, as a browser would, so libraries that check (oauth4webapi's base64url) behave as in the app.
if (typeof window !== 'undefined') {
  // Node's own digest, kept aside once: a worker may run several test files, each with its own globals.
  const subtle = crypto.subtle as SubtleCrypto & { [NODE_DIGEST]?: SubtleCrypto['digest'] };
  const digest = (subtle[NODE_DIGEST] ??= subtle.digest.bind(subtle));
  Object.defineProperty(subtle, 'digest', {
    configurable: true,
    value: async (...args: Parameters<SubtleCrypto['digest']>) => new Uint8Array(await digest(...args)).slice().buffer,
  });
}

// jsdom's Blob has no text() (every browser the app supports has): read it with jsdom's FileReader, as a browser's text() would.
if (typeof window !== 'undefined' && typeof Blob.prototype.text !== 'function') {
  Object.defineProperty(Blob.prototype, 'text', {
    configurable: true,
    value(this: Blob): Promise<string> {
      return new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error ?? new Error('could not read the Blob'));
        reader.readAsText(this);
      });
    },
  });
}

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
// Pure-module tests opt into the node environment (`// @vitest-environment node`): no DOM to clean there.
afterEach(() => {
  if (typeof document === 'undefined') return;
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});
