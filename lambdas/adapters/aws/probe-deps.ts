import { systemClock } from '../../ports/clock';
import { required } from '../app-config';
import { HttpHealthProbe } from '../http/http-health-probe';

/** Generous for a cold API: API Gateway, a cold health function and its 1 s table check fit well inside. */
const HEALTH_PROBE_TIMEOUT_MS = 5_000;

/**
 * The health probe's composition root, apart from aws-deps.ts: the probe needs
 * fetch and nothing else, so its bundle carries no AWS SDK (aws-deps.ts would
 * bring the DynamoDB client along).
 */
export async function healthProbeDeps() {
  return { probe: new HttpHealthProbe(required(process.env, 'HEALTH_URL'), HEALTH_PROBE_TIMEOUT_MS, systemClock) };
}
