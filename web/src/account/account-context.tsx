import { createContext, useContext, type ReactNode } from 'react';
import type { MarkApi, Me } from '../api/mark-api';
import type { RuntimeConfig } from '../config/runtime-config';
import type { UnsavedTextStore } from '../drafts/unsaved-text';

/**
 * What every signed-in page needs: the API, the account, the time zone the
 * user plans in, their unsaved text, and a way to leave the app (LinkedIn's
 * authorize page). One context instead of the same six props on every page.
 */
export interface Account {
  config: RuntimeConfig;
  api: MarkApi;
  me: Me;
  /** After the account changed (time zone saved, LinkedIn disconnected…). */
  setMe(me: Me): void;
  /** Re-reads GET /v1/me (after coming back from LinkedIn, say). */
  reloadMe(): Promise<void>;
  /** The profile's zone, else the browser's. */
  timeZone: string;
  unsaved: UnsavedTextStore;
  /** A full-page navigation to another site (replaceable in tests). */
  leaveTo(url: string): void;
  /** "Now" for schedule checks (tests pin it). */
  now(): Date;
  /** The account was deleted: forget what it left on this device and end the session. */
  accountDeleted(): void;
}

const AccountContext = createContext<Account | undefined>(undefined);

export function AccountProvider({ account, children }: { account: Account; children: ReactNode }) {
  return <AccountContext.Provider value={account}>{children}</AccountContext.Provider>;
}

export function useAccount(): Account {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount() outside <AccountProvider>');
  return account;
}
