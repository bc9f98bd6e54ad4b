import type { Voice } from '../../contract/api/ai';

/** Where a user's voice (style profile and example posts) lives: one item per user. */
export interface VoiceStore {
  get(userId: string): Promise<Voice | undefined>;
  /** Replaces the user's voice. */
  put(userId: string, voice: Voice, updatedAt: string): Promise<void>;
}
