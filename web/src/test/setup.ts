import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor give up after 1 s by default. `npm test` runs these beside the integration and browser
// tests on two cores, where a render can wait its turn longer than that: 5 s still fails a broken UI quickly.
configure({ asyncUtilTimeout: 5_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
// Pure-module tests opt into the node environment (`// @vitest-environment node`): no DOM to clean there.
afterEach(() => {
  if (typeof document === 'undefined') return;
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});
