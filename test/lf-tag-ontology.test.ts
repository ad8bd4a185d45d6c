/*
 * LfTagOntology: typed keys and values, confidentiality ceilings, tag expressions and the validation of
 * custom keys against Lake Formation's rules (DM-19).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bankMesh } from '../examples/typescript/bank-mesh';
import { Confidentiality, LfTagDefinition, LfTagExpression, LfTagOntology } from '../src';

function ontology(customTags?: LfTagDefinition[], id = 'Tags'): LfTagOntology {
  const stack = new Stack(new App(), 'Governance', { env: bankMesh.governanceEnv() });
  return new LfTagOntology(stack, id, { mesh: bankMesh, customTags });
}

const WHO = "LfTagOntology 'Tags'";

describe('keys and values', () => {
  const tags = ontology([{ key: 'cost_center', values: ['finance', 'risk'] }]);

  test('the producer key lists the producer domains', () => {
    expect(tags.producer.name).toBe('producer');
    expect(tags.producer.values).toEqual(['insurance', 'investments']);
  });

  test('one consumer_<domain> key per consumer domain, with the single value yes (DM-19)', () => {
    expect(bankMesh.consumerDomains.map(d => [tags.consumerKey(d).name, tags.consumerKey(d).values])).toEqual([
      ['consumer_bi', ['yes']], ['consumer_ml', ['yes']], ['consumer_exec', ['yes']],
    ]);
  });

  test('the confidentiality key has the ordered levels public < private < sensitive', () => {
    expect(tags.confidentiality.name).toBe('confidentiality');
    expect(tags.confidentiality.values).toEqual(['public', 'private', 'sensitive']);
  });

  test('every key, in declaration order, custom keys last', () => {
    expect(tags.keys.map(k => k.name)).toEqual(['producer', 'consumer_bi', 'consumer_ml', 'consumer_exec', 'confidentiality', 'discoverable', 'cost_center']);
    expect(tags.key('cost_center').values).toEqual(['finance', 'risk']);
  });

  test('conditions are typed: they carry their key object and the checked values', () => {
    const c = tags.key('cost_center').value('risk');
    expect(c.key).toBe(tags.key('cost_center'));
    expect(c.keyName).toBe('cost_center');
    expect(c.values).toEqual(['risk']);
    expect(tags.producedBy('investments').values).toEqual(['investments']);
    expect(tags.confidentialityIs(Confidentiality.PRIVATE).values).toEqual(['private']);
    expect(tags.confidentiality.anyOf(['public', 'public']).values).toEqual(['public']);
  });

  test('values are copies: changing a returned array changes neither the key, its conditions nor the synthesized tag', () => {
    const t = ontology([{ key: 'cost_center', values: ['finance', 'risk'] }]);
    const key = t.key('cost_center');
    key.values.push('hr');
    key.values.length = 0;
    t.producer.values.push('retail');
    expect(key.values).toEqual(['finance', 'risk']);
    expect(t.producer.values).toEqual(['insurance', 'investments']);
    expect(() => key.value('hr')).toThrow(`${WHO}: tag value 'hr' is not defined for key 'cost_center' (defined: finance, risk).`);
    const condition = key.value('risk');
    condition.values.push('finance');
    expect(condition.values).toEqual(['risk']);
    const expression = LfTagExpression.of([condition]);
    expression.conditions.push(t.producedBy('insurance'));
    expect(expression.toString()).toBe('cost_center=risk');
    const defined = Object.fromEntries(Object.values(Template.fromStack(Stack.of(t)).findResources('AWS::LakeFormation::Tag'))
      .map((r: any) => [r.Properties.TagKey, r.Properties.TagValues]));
    expect(defined.cost_center).toEqual(['finance', 'risk']);
    expect(defined.producer).toEqual(['insurance', 'investments']);
  });

  test('custom keys are typed handles: ontology.key(name) returns the declared key, whose conditions accept only its values', () => {
    const t = ontology([{ key: 'region', values: ['eu', 'us'] }]);
    expect(t.key('region').name).toBe('region');
    expect(t.key('region').value('eu').key).toBe(t.key('region'));
    expect(() => t.key('region').value('asia')).toThrow(`${WHO}: tag value 'asia' is not defined for key 'region' (defined: eu, us).`);
  });

  test('one AWS::LakeFormation::Tag per key, after the settings (DM-01, DM-18)', () => {
    const t = Template.fromStack(Stack.of(tags));
    t.resourceCountIs('AWS::LakeFormation::Tag', 7);
    const [settingsId] = Object.keys(t.findResources('AWS::LakeFormation::DataLakeSettings'));
    t.hasResource('AWS::LakeFormation::Tag', {
      Properties: { CatalogId: '111111111111', TagKey: 'cost_center', TagValues: ['finance', 'risk'] },
      DependsOn: [settingsId],
    });
  });

  test('a value the key does not define is an error that lists the defined values', () => {
    expect(() => tags.confidentiality.value('secret')).toThrow(
      `${WHO}: tag value 'secret' is not defined for key 'confidentiality' (defined: public, private, sensitive). Use a defined value, or add it to the ontology.`);
    expect(() => tags.key('cost_center').anyOf(['finance', 'hr'])).toThrow(
      `${WHO}: tag value 'hr' is not defined for key 'cost_center' (defined: finance, risk). Use a defined value, or add it to the ontology.`);
  });

  test('a key the ontology does not define is an error that lists the defined keys', () => {
    expect(() => tags.key('region')).toThrow(
      `${WHO}: tag key 'region' is not defined (defined: producer, consumer_bi, consumer_ml, consumer_exec, confidentiality, discoverable, cost_center). ` +
      'Add it to customTags, or use a defined key.');
  });

  test('a condition needs at least one value', () => {
    expect(() => tags.producer.anyOf([])).toThrow(
      `${WHO}: a condition on key 'producer' needs at least one value (defined: insurance, investments), e.g. key.value('insurance').`);
  });

  test('domains are checked against the mesh description', () => {
    expect(() => tags.consumerKey('hr')).toThrow("MeshDescription 'bank': 'hr' is not a consumer domain of the mesh (consumers: bi, ml, exec).");
    expect(() => tags.producedBy('retail')).toThrow("MeshDescription 'bank': 'retail' is not a producer domain of the mesh (producers: insurance, investments).");
  });
});

describe('confidentialityAtMost', () => {
  const tags = ontology();
  test.each([
    [Confidentiality.PUBLIC, ['public']],
    [Confidentiality.PRIVATE, ['public', 'private']],
    [Confidentiality.SENSITIVE, ['public', 'private', 'sensitive']],
  ])('%s expands to %j', (ceiling, levels) => {
    const c = tags.confidentialityAtMost(ceiling);
    expect(c.keyName).toBe('confidentiality');
    expect(c.values).toEqual(levels);
  });

  test('a level outside the enum is an error listing the levels', () => {
    expect(() => tags.confidentialityAtMost('secret' as Confidentiality)).toThrow(
      `${WHO}: confidentialityAtMost: 'secret' is not a confidentiality level (levels: public, private, sensitive). ` +
      'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.');
  });
});

describe('LfTagExpression', () => {
  const tags = ontology([{ key: 'region', values: ['eu', 'us'] }]);

  test('keys are ANDed, values ORed; toString is readable', () => {
    const e = LfTagExpression.of([tags.consumerKey('ml').value('yes'), tags.confidentialityAtMost(Confidentiality.PRIVATE)]);
    expect(e.conditions.map(c => [c.keyName, c.values])).toEqual([['consumer_ml', ['yes']], ['confidentiality', ['public', 'private']]]);
    expect(e.toString()).toBe('consumer_ml=yes AND confidentiality IN (public, private)');
  });

  test('withCondition() returns a new expression with one more condition', () => {
    const base = LfTagExpression.of([tags.consumerKey('exec').value('yes')]);
    const more = base.withCondition(tags.key('region').anyOf(['eu', 'us']));
    expect(base.toString()).toBe('consumer_exec=yes');
    expect(more.toString()).toBe('consumer_exec=yes AND region IN (eu, us)');
  });

  test('at most 5 keys (DM-19): 5 is accepted, 6 is an error', () => {
    const five = [tags.producedBy('insurance'), tags.consumerKey('bi').value('yes'), tags.consumerKey('ml').value('yes'),
      tags.consumerKey('exec').value('yes'), tags.confidentialityIs(Confidentiality.PUBLIC)];
    expect(LfTagExpression.of(five).conditions).toHaveLength(5);
    expect(() => LfTagExpression.of([...five, tags.key('region').value('eu')])).toThrow(
      `${WHO}: expression has 6 conditions (producer, consumer_bi, consumer_ml, consumer_exec, confidentiality, region); ` +
      'Lake Formation accepts at most 5 in an LFTagPolicy expression (DM-19). Split the grant or use fewer keys.');
  });

  test('a key named twice is an error: a resource has one value per key (DM-19)', () => {
    expect(() => LfTagExpression.of([tags.confidentialityIs(Confidentiality.PUBLIC), tags.confidentialityIs(Confidentiality.PRIVATE)])).toThrow(
      `${WHO}: expression names key 'confidentiality' twice. Keys are ANDed and a resource has one value per key (DM-19): ` +
      'list every accepted value in one condition, e.g. key.anyOf([...]).');
  });

  test('an empty expression and conditions from two ontologies are errors', () => {
    expect(() => LfTagExpression.of([])).toThrow(
      "LfTagExpression: an expression needs at least one condition, e.g. ontology.consumerKey('ml').value('yes').");
    const other = ontology(undefined, 'Other');
    expect(() => LfTagExpression.of([tags.consumerKey('ml').value('yes'), other.confidentialityIs(Confidentiality.PUBLIC)])).toThrow(
      "LfTagExpression: conditions[1] 'confidentiality=public' comes from ontology 'Governance/Other', but conditions[0] 'consumer_ml=yes' " +
      "from ontology 'Governance/Tags'; all conditions of an expression must come from one ontology. Build every condition from the ontology " +
      "of the governance stack the expression is used in, e.g. ontology.key('confidentiality').");
    // The same through withCondition().
    expect(() => LfTagExpression.of([tags.consumerKey('ml').value('yes')]).withCondition(other.confidentialityIs(Confidentiality.PUBLIC)))
      .toThrow(/^LfTagExpression: conditions\[1\] 'confidentiality=public' comes from ontology 'Governance\/Other'/);
  });
});

describe('custom keys are validated against the strictest Lake Formation rules (DM-19)', () => {
  const fifty = 'k'.repeat(50);
  test.each<[string, LfTagDefinition[], string]>([
    ['upper case key', [{ key: 'CostCenter', values: ['a'] }],
      "customTags[0].key 'CostCenter' is invalid: it must be lower-case letters, digits and _ . : / = + - @ %, e.g. 'cost_center'."],
    ['key longer than 50 characters', [{ key: `${fifty}x`, values: ['a'] }],
      `customTags[0].key '${fifty}x' is 51 characters long; it must be 1 to 50 characters (lower-case letters, digits and _ . : / = + - @ %), e.g. 'cost_center'.`],
    ['key with a space', [{ key: 'cost center', values: ['a'] }],
      "customTags[0].key 'cost center' is invalid: it must be lower-case letters, digits and _ . : / = + - @ %, e.g. 'cost_center'."],
    ['key with a wildcard', [{ key: 'cost*', values: ['a'] }],
      "customTags[0].key 'cost*' is invalid: it must be lower-case letters, digits and _ . : / = + - @ %, e.g. 'cost_center'."],
    ['reserved key confidentiality', [{ key: 'confidentiality', values: ['top'] }],
      "customTags[0].key 'confidentiality' is reserved by the mesh (reserved: producer, consumer_bi, consumer_ml, consumer_exec, confidentiality, discoverable). Choose another key name."],
    ['reserved discovery key (D66): a user key of that name would make the discovery grants match what it tags', [{ key: 'discoverable', values: ['true', 'false'] }],
      "customTags[0].key 'discoverable' is reserved by the mesh (reserved: producer, consumer_bi, consumer_ml, consumer_exec, confidentiality, discoverable). Choose another key name."],
    ['reserved consumer key', [{ key: 'consumer_ml', values: ['no'] }],
      "customTags[0].key 'consumer_ml' is reserved by the mesh (reserved: producer, consumer_bi, consumer_ml, consumer_exec, confidentiality, discoverable). Choose another key name."],
    ['more than 50 values', [{ key: 'region', values: Array.from({ length: 51 }, (_, i) => `r${i}`) }],
      "customTags[0].values of key 'region' has 51 values; a key needs 1 to 50 (DM-19). List at least one value, and split a longer list over several keys."],
    ['no value', [{ key: 'region', values: [] }],
      "customTags[0].values of key 'region' has 0 values; a key needs 1 to 50 (DM-19). List at least one value, and split a longer list over several keys."],
    ['duplicate values', [{ key: 'region', values: ['eu', 'us', 'eu'] }],
      "customTags[0].values of key 'region' lists 'eu' twice. List each value once."],
    ['upper case value', [{ key: 'region', values: ['EU'] }],
      "customTags[0].values[0] 'EU' is invalid: it must be lower-case letters, digits and _ . : / = + - @ %, e.g. 'cost_center'."],
    ['key declared twice', [{ key: 'region', values: ['eu'] }, { key: 'region', values: ['us'] }],
      "customTags[1].key 'region' is declared twice (customTags[0] and customTags[1]). Declare each key once with all of its values."],
    ['value with a wildcard', [{ key: 'region', values: ['eu', '*'] }],
      "customTags[0].values[1] '*' is invalid: it must be lower-case letters, digits and _ . : / = + - @ %, e.g. 'cost_center'."],
    ['keys that differ only in punctuation (one construct ID)', [{ key: 'cost_center', values: ['a'] }, { key: 'cost.center', values: ['b'] }],
      "customTags[1].key 'cost.center' and customTags[0].key 'cost_center' would get the same construct ID 'TagCostCenter' (construct IDs " +
      "keep only letters and digits); two tags cannot share one ID. Rename customTags[1].key 'cost.center' so that it differs from " +
      "'cost_center' in a letter or digit, e.g. 'cost.center_2'."],
    ['a custom key with the construct ID of a consumer key', [{ key: 'consumer.ml', values: ['no'] }],
      "customTags[0].key 'consumer.ml' and the mesh's key 'consumer_ml' would get the same construct ID 'TagConsumerMl' (construct IDs " +
      "keep only letters and digits); two tags cannot share one ID. Rename customTags[0].key 'consumer.ml' so that it differs from " +
      "'consumer_ml' in a letter or digit, e.g. 'consumer.ml_2'."],
  ])('%s', (_, customTags, message) => {
    expect(() => ontology(customTags)).toThrow(`${WHO}: ${message}`);
  });

  test('50 values of 50 characters are accepted', () => {
    const values = Array.from({ length: 50 }, (_, i) => `${i}`.padStart(50, 'v'));
    expect(ontology([{ key: fifty, values }]).key(fifty).values).toHaveLength(50);
  });
});

test('the ontology lives in the governance account', () => {
  const stack = new Stack(new App(), 'Elsewhere', { env: { account: '222222222222', region: 'eu-west-1' } });
  expect(() => new LfTagOntology(stack, 'Tags', { mesh: bankMesh })).toThrow(
    `${WHO}: stack 'Elsewhere' is in account 222222222222, region eu-west-1, but the mesh description places the governance account ` +
    'in account 111111111111, region eu-west-1. Create the stack with { env: mesh.governanceEnv() }.');
});
