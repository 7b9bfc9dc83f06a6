import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { AccountRecovery, ClientAttributes, Mfa, StringAttribute, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { JwtIssuer } from './jwt-issuer.ts';

/** What a password must have: 12 characters of all four kinds; temporary passwords last 3 days. */
export const passwordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
  tempPasswordValidity: Duration.days(3),
} as const;

/**
 * A Cognito user pool whose ID tokens carry `custom:tenant` and `custom:role`, and the app client
 * the API accepts tokens for. Admins create users; nobody signs themselves up. Users may add an
 * authenticator app (TOTP) as a second factor; SMS is not offered.
 */
export class AttainUserPool extends Construct implements JwtIssuer {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly issuer: string;
  readonly audience: readonly string[];

  constructor(scope: Construct, id: string, props: { readonly removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy,
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      customAttributes: {
        tenant: new StringAttribute({ minLen: 1, maxLen: 128, mutable: true }),
        role: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      },
      removalPolicy: props.removalPolicy,
    });
    this.client = this.userPool.addClient('ApiClient', {
      // Tokens come from InitiateAuth (SRP, or USER_PASSWORD_AUTH for scripts); there is no hosted UI yet.
      authFlows: { userSrp: true, userPassword: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      // Tenant and role decide what a token may touch: users must never be able to write them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });
    this.issuer = this.userPool.userPoolProviderUrl;
    this.audience = [this.client.userPoolClientId];
  }
}
