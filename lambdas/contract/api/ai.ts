/**
 * AI drafting as the API speaks it: `POST /v1/ai/drafts`, `POST /v1/ai/rewrite`
 * and `GET/PUT /v1/me/voice`. The handlers validate bodies against these shapes
 * (lambdas/core/ai/ai-input.ts checks its schemas produce exactly them).
 */
export const DRAFT_LENGTHS = ['short', 'medium', 'long'] as const;
export type DraftLength = (typeof DRAFT_LENGTHS)[number];

/** The most variants one request may ask for. */
export const MAX_VARIANTS = 3;

/** `POST /v1/ai/drafts`. */
export interface DraftsInput {
  /** What the post is about: a sentence, notes, an idea (3–500 characters). */
  topic: string;
  tone?: string;
  audience?: string;
  length?: DraftLength;
  /** 1 to MAX_VARIANTS. */
  variants?: number;
  /** A language name or code: "English", "fr", "pt-BR". */
  language?: string;
}

/** `POST /v1/ai/rewrite`. */
export interface RewriteInput {
  content: string;
  /** What to change: "shorter", "more personal". */
  instruction: string;
}

/** Today's AI generations against the tier's daily limit. */
export interface AiUsage {
  used: number;
  limit: number;
  resetsAt: string;
}

/** The answer of both AI routes. */
export interface AiResult {
  variants: { content: string }[];
  usage: AiUsage;
}

export const VOICE_LIMITS = {
  /** A few sentences: "Direct, warm, first person, short sentences, one emoji at most". */
  styleProfileCharacters: 1000,
  /** Enough to show a style; every example is sent with every generation, so each one costs input tokens. */
  examples: 5,
  /** One LinkedIn post at most. */
  exampleCharacters: 3000,
} as const;

/** "In my voice": `GET/PUT /v1/me/voice` (absent values as null / []). */
export interface Voice {
  styleProfile: string | null;
  examples: string[];
}
