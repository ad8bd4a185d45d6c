#!/usr/bin/env node
// `cdk synth` entry point: the reference bank mesh, with cdk-data-mesh installed from npm.
// Without the cdk CLI: `CDK_OUTDIR=cdk.out node build/bin/bank-mesh.js` (what scripts/examples.sh runs).
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from '../lib/bank-mesh';

const app = new App();
buildBankMesh(app);
app.synth();
