import type { AuthorizerCache } from '../../core/ports/authorizer-cache';
import type { AwsApi } from './aws-api';
import { withControlPlaneRetry } from './control-plane-retry';

/**
 * API Gateway's authorizer cache of the stage: FlushStageAuthorizersCache drops
 * every cached result at once (there is no per-token flush). Each active
 * session then pays one authorizer run (one GetItem) on its next request: a
 * few hundred reads for one deletion, against sessions that would otherwise
 * be served for up to 5 minutes more. Through the small signed client of
aws-api.ts (REST: DELETE /restapis/{id}/stages/{stage}/cache/authorizers).
 */
export class ApiGatewayAuthorizerCache implements AuthorizerCache {
  constructor(
    private readonly api: Pick<AwsApi, 'rest'>,
    private readonly stage: { restApiId: string; stageName: string },
  ) {}

  async flush(): Promise<void> {
    const { restApiId, stageName } = this.stage;
    await withControlPlaneRetry(() => this.api.rest('DELETE', `/restapis/${encodeURIComponent(restApiId)}/stages/${encodeURIComponent(stageName)}/cache/authorizers`));
  }
}
