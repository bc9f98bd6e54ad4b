import { AI_SETTINGS } from '../core/ai/ai-settings';
import { draftsSchema, rewriteSchema, voiceSchema } from '../core/ai/ai-input';
import { generateDrafts, getVoice, putVoice, rewriteDraft, type AiDeps } from '../core/ai/ai-use-cases';
import { CircuitBreaker } from '../core/circuit-breaker';
import type { AiTelemetry } from '../core/ports/ai-telemetry';
import { powertoolsAiTelemetry } from './ai-telemetry';
import type { ApiRequest } from './http/api-request';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { aiDeps } from '../wiring/aws/ai-deps';

export type AiApiDeps = Omit<AiDeps, 'breaker' | 'telemetry'> & { breaker?: CircuitBreaker; telemetry?: AiTelemetry } & MeteringDeps;

/**
 * The ai function: drafts and rewrites from the AI provider, within the user's
 * daily quota, and the user's writing voice. Built once per execution
 * environment, so the circuit breaker remembers failures across requests.
 */
export function createAiApi(input: AiApiDeps): ProxyHandler {
  const telemetry = input.telemetry ?? powertoolsAiTelemetry;
  const breaker =
    input.breaker ??
    new CircuitBreaker({
      failureThreshold: AI_SETTINGS.breakerFailureThreshold,
      coolDownMs: AI_SETTINGS.breakerCoolDownMs,
      clock: input.clock,
      onOpen: (info) => telemetry.breakerOpened(info),
    });
  const deps: AiDeps = { ...input, breaker, telemetry };
  const requester = (req: ApiRequest) => ({ userId: req.userId(), tier: req.tier() });
  return httpApi(
    {
      'POST /v1/ai/drafts': async (req) => ({ status: 200, body: await generateDrafts(deps, requester(req), req.body(draftsSchema)) }),
      'POST /v1/ai/rewrite': async (req) => ({ status: 200, body: await rewriteDraft(deps, requester(req), req.body(rewriteSchema)) }),
      'GET /v1/me/voice': async (req) => ({ status: 200, body: await getVoice(deps, req.userId()) }),
      'PUT /v1/me/voice': async (req) => ({ status: 200, body: await putVoice(deps, req.userId(), req.body(voiceSchema)) }),
    },
    input,
  );
}

export const handler = lazyHandler(async () => {
  return createAiApi(await aiDeps());
});
