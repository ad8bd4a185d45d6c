#!/usr/bin/env node
// `cdk synth` entry point: the reference bank mesh with the insurance producer's life-expectancy pipeline, with
// cdk-data-mesh installed from npm (the same mesh as `npm run demo` in the repository).
// Without the cdk CLI, from this folder: `CDK_OUTDIR=cdk.out node build/bin/bank-mesh.js` (what scripts/examples.sh runs).
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from '../lib/bank-mesh';
import { addLifeExpectancyPipeline } from '../lib/life-expectancy-pipeline';

const app = new App();
addLifeExpectancyPipeline(buildBankMesh(app));
app.synth();
