import { App } from 'aws-cdk-lib';
import { AttainStack } from './attain-stack.ts';

// No `env`: the stack is environment-agnostic, so `cdk synth` needs no credentials and no lookups.
const app = new App();
new AttainStack(app, 'Attain', { description: 'Attain: sales goals, targets and quotas' });
app.synth();
