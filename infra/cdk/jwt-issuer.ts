import type { Construct } from 'constructs';

/** Who signs the bearer tokens the API accepts. */
export interface JwtIssuer {
  /** The `iss` claim, an https URL that serves `/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Accepted `aud` (or `client_id`) values. */
  readonly audience: readonly string[];
}

/**
 * An external issuer from `-c jwtIssuer=https://… -c jwtAudience=a,b`, or undefined when neither
 * is given (the stack then creates its own user pool). One without the other is a mistake.
 */
export function jwtIssuerFromContext(scope: Construct): JwtIssuer | undefined {
  const issuer = contextString(scope, 'jwtIssuer');
  const audience = contextString(scope, 'jwtAudience')
    ?.split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  if (issuer === undefined && audience === undefined) return undefined;
  if (issuer === undefined || audience === undefined || audience.length === 0) {
    throw new Error('Give both -c jwtIssuer=https://… and -c jwtAudience=<client id>[,…], or neither to use the stack\'s own Cognito user pool.');
  }
  if (!/^https:\/\/[^\s]+$/.test(issuer)) {
    throw new Error(`jwtIssuer must be an https URL, got "${issuer}".`);
  }
  return { issuer, audience };
}

/** A string given as `-c key=value`, or undefined when it is not given (or empty). */
export function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context ${key} must be a string.`);
  return value;
}
