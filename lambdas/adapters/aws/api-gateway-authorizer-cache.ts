import { FlushStageAuthorizersCacheCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { AuthorizerCache } from '../../core/ports/authorizer-cache';
import { withControlPlaneRetry } from './control-plane-retry';

/**
 * API Gateway's authorizer cache of the stage: FlushStageAuthorizersCache drops
 * every cached result at once (there is no per-token flush). Each active
 * session then pays one authorizer run (one GetItem) on its next request: a
 * few hundred reads for one deletion, against sessions that would otherwise
 * be served for up to 5 minutes more.
 */
export class ApiGatewayAuthorizerCache implements AuthorizerCache {
  constructor(
    private readonly client: APIGatewayClient,
    private readonly stage: { restApiId: string; stageName: string },
  ) {}

  async flush(): Promise<void> {
    await withControlPlaneRetry(() => this.client.send(new FlushStageAuthorizersCacheCommand(this.stage)));
  }
}
