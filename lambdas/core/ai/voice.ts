import type { Voice } from '../../contract/api/ai';
/**
 * "In my voice": a short description of how the user writes and a few posts
 * they wrote. Generation shows both to the model as material (never as
 * instructions), so drafts sound like the user.
 */
export const EMPTY_VOICE: Voice = { styleProfile: null, examples: [] };

/** The JSON shape of GET/PUT /v1/me/voice (absent values as null / []). */
export function toVoiceView(voice: Voice | undefined): Voice {
  return { styleProfile: voice?.styleProfile ?? null, examples: [...(voice?.examples ?? [])] };
}

export function hasVoice(voice: Voice | undefined): voice is Voice {
  return !!voice && (voice.styleProfile !== null || voice.examples.length > 0);
}
