// `cdk synth --app "npx ts-node --project tsconfig.dev.json examples/typescript/pipeline-app.ts"`: the reference bank mesh with the
// insurance producer's life-expectancy pipeline (issue 16).
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from './bank-mesh';
import { addLifeExpectancyPipeline } from './life-expectancy-pipeline';

const app = new App();
addLifeExpectancyPipeline(buildBankMesh(app));
app.synth();
