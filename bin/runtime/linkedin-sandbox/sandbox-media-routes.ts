import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxEndpoint, SandboxFault } from './sandbox-faults';
import type { SandboxMedia } from './sandbox-media';
import { json, restHeaderProblem } from './sandbox-protocol';
import type { SandboxAssetKind } from './sandbox-state';

/** What the media routes use of the sandbox: its media, tokens, faults and request log. */
export interface RouteContext {
  media: SandboxMedia;
  tokenOf(req: IncomingMessage): { sub: string; scope: string } | undefined;
  takeFault(endpoint: SandboxEndpoint): SandboxFault | undefined;
  record(endpoint: SandboxEndpoint, status: number): void;
}

/** initializeUpload, finalizeUpload and an asset's status, with the Posts API's headers and token rules. */
export function assetCall(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, kind: SandboxAssetKind, urn: string | undefined, action: string | null, body: string): void {
  const endpoint: SandboxEndpoint = urn ? 'assetStatus' : action === 'finalizeUpload' ? 'finalizeUpload' : 'initializeUpload';
  const answer = (status: number, payload?: unknown) => {
    ctx.record(endpoint, status);
    if (payload === undefined) res.writeHead(status).end();
    else json(res, status, payload);
  };
  const token = ctx.tokenOf(req);
  if (!token) return answer(401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
  const refusal = restHeaderProblem(req);
  if (refusal) return answer(refusal.status, refusal.body);
  const fault = ctx.takeFault(endpoint);
  if (fault?.kind === 'status') return answer(fault.status, { status: fault.status, message: fault.message ?? `Sandbox fault: HTTP ${fault.status}` });
  if (fault?.kind === 'unauthorized') return answer(401, { serviceErrorCode: 65601, message: 'The token used in the request has been revoked by the user', status: 401 });
  const owner = `urn:li:person:${token.sub}`;
  if (urn) {
    const status = ctx.media.status(kind, urn, owner);
    return answer(status.status, status.body);
  }
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return answer(400, { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'Request body could not be converted to data map' });
  }
  if (action === 'finalizeUpload' && kind === 'video') {
    const finalized = ctx.media.finalize(owner, request);
    return answer(finalized.status, finalized.body);
  }
  if (action !== 'initializeUpload') return answer(400, { status: 400, message: `Unknown action ${action}` });
  const init = request['initializeUploadRequest'] as { owner?: unknown; fileSizeBytes?: unknown } | undefined;
  if (init?.owner !== owner || !token.scope.split(/[\s,]+/).includes('w_member_social')) {
    return answer(403, { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: 'Not enough permissions to access: owner must be the authenticated member' });
  }
  if (kind === 'video' && (!Number.isInteger(init.fileSizeBytes) || (init.fileSizeBytes as number) < 1)) {
    return answer(422, { status: 422, message: 'ERROR :: /initializeUploadRequest/fileSizeBytes :: field is required but not found and has no default value\n' });
  }
  answer(200, ctx.media.initialize(kind, owner, init.fileSizeBytes as number | undefined));
}

export async function uploadPart(ctx: RouteContext, req: IncomingMessage, res: ServerResponse, id: string, part: number): Promise<void> {
  const fault = ctx.takeFault('upload');
  if (fault?.kind === 'status') {
    req.resume();
    ctx.record('upload', fault.status);
    return json(res, fault.status, { status: fault.status, message: fault.message ?? `Sandbox fault: HTTP ${fault.status}` });
  }
  if (!ctx.tokenOf(req)) {
    req.resume();
    ctx.record('upload', 401);
    return json(res, 401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
  }
  ctx.record('upload', await ctx.media.upload(req, res, id, part));
}

