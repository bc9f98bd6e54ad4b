import type { AiCompletion, AiCompletionRequest, AiWriter } from '@lambdas/core/ports/ai-writer';

/** One scripted answer: a completion, or what the writer throws (an AiProviderError, or anything a bug could throw). */
export type ScriptedCompletion = AiCompletion | Error | ((request: AiCompletionRequest) => AiCompletion);

/** A completion with one choice per text, none truncated, from `model`. */
export function completion(texts: string[], model = 'scripted-model'): AiCompletion {
  return { choices: texts.map((text) => ({ text, truncated: false })), usage: { promptTokens: 100, completionTokens: 50 * texts.length }, model };
}

/**
 * An AiWriter that answers from a script, in order, and records every request.
 * A request beyond the script fails the test, so a test also proves whether the
 * provider was called at all.
 */
export class ScriptedAiWriter implements AiWriter {
  readonly requests: AiCompletionRequest[] = [];
  private readonly script: ScriptedCompletion[] = [];

  constructor(readonly model = 'scripted-model') {}

  answer(...answers: ScriptedCompletion[]): this {
    this.script.push(...answers);
    return this;
  }

  async complete(request: AiCompletionRequest): Promise<AiCompletion> {
    this.requests.push(structuredClone(request));
    const next = this.script.shift();
    if (!next) throw new Error(`Unscripted AI request #${this.requests.length}`);
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(request) : next;
  }
}
