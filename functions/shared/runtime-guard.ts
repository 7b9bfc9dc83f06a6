/** The issuer of the HS256 tokens the local gateway signs with the dev secret. */
export const localTokenIssuer = 'attain-local';

export class DevSecretInLambdaError extends Error {
  constructor() {
    super(
      'ATTAIN_DEV_SECRET is set in a Lambda function. The dev secret is for the local gateway only; in AWS, ' +
        "API Gateway's JWT authorizer verifies tokens. Remove the variable from the function's environment.",
    );
    this.name = 'DevSecretInLambdaError';
  }
}

export const runningInLambda = (env: NodeJS.ProcessEnv = process.env): boolean => Boolean(env.AWS_LAMBDA_FUNCTION_NAME);

/** Refuses to start a Lambda function whose environment carries the local dev secret. */
export function assertNoDevSecretInLambda(env: NodeJS.ProcessEnv = process.env): void {
  if (runningInLambda(env) && env.ATTAIN_DEV_SECRET !== undefined) throw new DevSecretInLambdaError();
}
