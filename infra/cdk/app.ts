import { App, Validations } from 'aws-cdk-lib';
import { AttainStack } from './attain-stack.ts';
import { acknowledgeNagFindings, nagPacks } from './nag-suppressions.ts';

// No `env`: the stack is environment-agnostic, so `cdk synth` needs no credentials and no lookups.
const app = new App();
const stack = new AttainStack(app, 'Attain', { description: 'Attain: sales goals, targets and quotas' });

// cdk-nag's AWS Solutions and Serverless packs check every synth (offline, about a second); a finding
// that infra/cdk/nag-suppressions.ts does not acknowledge stops it. `-c nag=false` skips them.
const nag: unknown = app.node.tryGetContext('nag') ?? 'true';
if (nag !== 'true' && nag !== true && nag !== 'false' && nag !== false) {
  throw new Error(`Context nag must be "true" or "false", got ${JSON.stringify(nag)}.`);
}
if (nag === 'true' || nag === true) {
  Validations.of(app).addPlugins(...nagPacks());
  acknowledgeNagFindings(stack);
}
app.synth();
