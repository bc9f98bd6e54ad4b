import type { Voice } from '@contract/api/ai';
import type { VoiceStore } from '@lambdas/core/ports/voice-store';

/** The VoiceStore of lambdas/adapters/dynamodb/voice-store.ts, in memory: one voice per user, replaced whole. */
export class MemoryVoiceStore implements VoiceStore {
  readonly voices = new Map<string, Voice & { updatedAt: string }>();

  async get(userId: string): Promise<Voice | undefined> {
    const item = this.voices.get(userId);
    return item ? { styleProfile: item.styleProfile ?? null, examples: [...(item.examples ?? [])] } : undefined;
  }

  async put(userId: string, voice: Voice, updatedAt: string): Promise<void> {
    this.voices.set(userId, { styleProfile: voice.styleProfile, examples: [...voice.examples], updatedAt });
  }
}
