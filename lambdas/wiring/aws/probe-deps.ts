
import { required } from '../config';
import { HttpHealthProbe } from '../../adapters/http/http-health-probe';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';

/** Generous for a cold API: API Gateway, a cold health function and its 1 s table check fit well inside. */
const HEALTH_PROBE_TIMEOUT_MS = 5_000;

/**
 * The health probe's composition root, apart from aws-deps.ts: the probe needs
 * fetch and nothing else, so its bundle carries no AWS SDK (aws-deps.ts would
 * bring the DynamoDB client along).
 */
export async function healthProbeDeps() {
  return { probe: new HttpHealthProbe(required(process.env, ENV.healthUrl), HEALTH_PROBE_TIMEOUT_MS, systemClock) };
}
