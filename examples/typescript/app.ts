// `cdk synth` entry point of the reference bank mesh with the insurance producer's life-expectancy pipeline (see cdk.json;
// the same app as `npm run demo`).
import { App } from 'aws-cdk-lib';
import { buildDemoMesh } from './life-expectancy-pipeline';

const app = new App();
buildDemoMesh(app);
app.synth();
