import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import { idPattern, roles } from '../../core/model/primitives.ts';
import { UnauthenticatedError } from '../shared/errors.ts';
import { localTokenIssuer, runningInLambda } from '../shared/runtime-guard.ts';
import type { Principal } from '../use-cases/principal.ts';

const claimsSchema = z.object({
  sub: z.string().regex(idPattern),
  tenant: z.string().regex(idPattern),
  role: z.enum(roles),
});

/**
 * The caller, from the claims the JWT authorizer verified (API Gateway in AWS, the local gateway
 * on a laptop). Cognito ID tokens carry custom attributes as `custom:tenant` / `custom:role`.
 */
export function principalOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  if (runningInLambda() && claims.iss === localTokenIssuer) {
    throw new UnauthenticatedError('Tokens signed with the local dev secret are not accepted in AWS');
  }
  const parsed = claimsSchema.safeParse({
    sub: claims.sub,
    tenant: claims.tenant ?? claims['custom:tenant'],
    role: claims.role ?? claims['custom:role'],
  });
  if (!parsed.success) throw new UnauthenticatedError('A valid bearer token with sub, tenant and role claims is required');
  return { tenant: parsed.data.tenant, userId: parsed.data.sub, role: parsed.data.role };
}
