// `cdk synth` entry point of the reference bank mesh (see cdk.json).
import { App } from 'aws-cdk-lib';
import { buildBankMesh } from './bank-mesh';

const app = new App();
buildBankMesh(app);
app.synth();
