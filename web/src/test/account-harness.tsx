import { render } from '@testing-library/react';
import { useMemo, useState, type ReactElement } from 'react';
import { vi } from 'vitest';
import { AccountProvider, type Account } from '../account/account-context';
import type { RuntimeConfig } from '../config/runtime-config';
import { UnsavedTextStore } from '../drafts/unsaved-text';
import { FakeApi } from './fake-api';

export const LOCAL_CONFIG: RuntimeConfig = { mode: 'local', apiUrl: '', auth: { type: 'local' }, sandbox: { linkedin: false, openai: false, mail: false } };

export interface HarnessOptions {
  api?: FakeApi;
  config?: RuntimeConfig;
  /** Pinned "now" (default: the FakeApi's clock). */
  now?: () => Date;
}

/**
 * Renders a signed-in page the way SignedInApp does: an AccountProvider whose
 * account comes from the FakeApi and changes when the page saves it.
 */
export function renderSignedIn(ui: ReactElement, options: HarnessOptions = {}) {
  const api = options.api ?? new FakeApi();
  const leaveTo = vi.fn<(url: string) => void>();
  const accountDeleted = vi.fn<() => void>();
  const now = options.now ?? api.now;
  function Harness() {
    const [me, setMe] = useState(() => api.meView());
    const unsaved = useMemo(() => new UnsavedTextStore(me.userId), [me.userId]);
    const account: Account = {
      config: options.config ?? LOCAL_CONFIG,
      api,
      me,
      setMe,
      reloadMe: async () => setMe(await api.me()),
      timeZone: me.timezone ?? 'UTC',
      unsaved,
      leaveTo,
      now,
      accountDeleted,
    };
    return <AccountProvider account={account}>{ui}</AccountProvider>;
  }
  const result = render(<Harness />);
  return { ...result, api, leaveTo, accountDeleted, unsaved: new UnsavedTextStore(api.user.userId) };
}
