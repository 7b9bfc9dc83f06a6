import { SignJWT, errors, jwtVerify } from 'jose';
import { webcrypto } from 'node:crypto';
import { localTokenIssuer } from '../../functions/shared/runtime-guard.ts';
import { z } from 'zod';
import { idPattern, roles } from '../../core/model/primitives.ts';

/** The issuer of every token the local gateway accepts. */
export const devTokenIssuer = localTokenIssuer;
export const defaultDevSecret = 'attain-local-dev-secret';
const idSchema = z.string().regex(idPattern, 'must be 1–128 characters of A-Z a-z 0-9 . _ : -');

/** The claims Attain reads from a token; the same names the cloud's JWT authorizer passes through. */
export const devClaimsSchema = z.object({
  sub: idSchema,
  tenant: idSchema,
  role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }),
});
export type DevClaims = z.infer<typeof devClaimsSchema>;

export interface SignOptions {
  readonly secret: string;
  /** Lifetime in seconds; default 12 hours. */
  readonly expiresInSeconds?: number;
  /** The issue time, for tests; default the clock. */
  readonly now?: Date;
}

const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

// One imported key per secret: jose imports a raw secret into WebCrypto on every verify otherwise
// (about 4 % of a request's CPU on the local gateway).
const verifyKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
function verifyKey(secret: string): Promise<webcrypto.CryptoKey> {
  let imported = verifyKeys.get(secret);
  if (!imported) {
    imported = webcrypto.subtle.importKey('raw', key(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifyKeys.set(secret, imported);
  }
  return imported;
}

/**
 * Signs an HS256 dev token for the local gateway.
 * @example await signDevToken({ sub: 'u-admin', tenant: 'demo', role: 'admin' }, { secret })
 */
export async function signDevToken(claims: DevClaims, options: SignOptions): Promise<string> {
  const { sub, tenant, role } = devClaimsSchema.parse(claims);
  const now = options.now ?? new Date();
  const issuedAt = Math.floor(now.getTime() / 1000);
  const lifetime = options.expiresInSeconds ?? 12 * 60 * 60;
  return new SignJWT({ tenant, role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(devTokenIssuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetime)
    .sign(key(options.secret));
}

/** Why a token was refused; the message is safe to show to the caller. */
export class DevTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevTokenError';
  }
}

/**
 * Verifies a dev token the way API Gateway's JWT authorizer does (signature, issuer, exp/nbf) and
 * returns every claim of its payload. Throws DevTokenError when it is not acceptable.
 */
export async function verifyDevToken(token: string, secret: string): Promise<Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, await verifyKey(secret), {
      algorithms: ['HS256'],
      issuer: devTokenIssuer,
      requiredClaims: ['exp', 'sub'],
    });
    const claims = devClaimsSchema.safeParse(payload);
    if (!claims.success) {
      const missing = claims.error.issues.map((i) => i.path.join('.')).join(', ');
      throw new DevTokenError(`Token claims missing or invalid: ${missing}`);
    }
    return payload;
  } catch (error) {
    if (error instanceof DevTokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new DevTokenError('Token expired', { cause: error });
    if (error instanceof errors.JOSEError) throw new DevTokenError('Invalid token', { cause: error });
    throw error;
  }
}
