import { App, Stack } from 'aws-cdk-lib';
import {
  ColumnType, Confidentiality, DataConsumer, DataProducer, DataProductShare, GovernanceHub, LfTagOntology, MeshDescription, MeshDoctor,
} from 'cdk-data-mesh';

const mesh = new MeshDescription({
  name: 'bank',
  governance: { account: '111111111111', region: 'eu-west-1' },
  producers: [{ domain: 'insurance', account: '222222222222', products: ['life_expectancy'] }],
  consumers: [{ domain: 'ml', account: '555555555555' }],
});
const app = new App();
MeshDoctor.register(app); // `cdk synth` fails on an access error the templates would cause

// Governance: tags, catalog, products, shares.
const gov = new Stack(app, 'Governance', { env: mesh.governanceEnv() });
const tags = new LfTagOntology(gov, 'Tags', { mesh });
const hub = new GovernanceHub(gov, 'Hub', { mesh, ontology: tags });
const lifeExpectancy = hub.addDataProduct('life_expectancy', {
  tables: [{
    name: 'policyholder_life_expectancy',
    columns: [
      { name: 'policy_id', type: ColumnType.STRING },
      { name: 'customer_name', type: ColumnType.STRING, confidentiality: Confidentiality.PRIVATE },
      { name: 'life_expectancy', type: ColumnType.DOUBLE, confidentiality: Confidentiality.SENSITIVE },
    ],
  }],
});
new DataProductShare(gov, 'ToMl', { hub, consumer: 'ml', products: [lifeExpectancy], maxConfidentiality: Confidentiality.PRIVATE });

// Producer: the medallion lake; gold is reachable by the governance registration role only.
new DataProducer(new Stack(app, 'Insurance', { env: mesh.producerEnv('insurance') }), 'Lake', { mesh, domain: 'insurance' });

// Consumer: accept, link, re-grant by clearance.
const ml = new DataConsumer(new Stack(app, 'Ml', { env: mesh.consumerEnv('ml') }), 'Consumer', { mesh, domain: 'ml' });
ml.addRole('data-scientist', { clearance: Confidentiality.PRIVATE, sageMaker: true });

app.synth();
