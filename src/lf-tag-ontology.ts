import { Stack } from 'aws-cdk-lib';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import { Construct } from 'constructs';
import { MeshDescription } from './mesh';
import { LakeFormationSettings } from './private/lake-formation';
import { checkStackEnv } from './private/stack-env';
import { CONFIDENTIALITY_ORDER, confidentialityUpTo, CONSUMER_VALUE, consumerKeyName } from './private/tags';
import { checkName, duplicates, fail, listOf, NameRule, subject } from './private/validation';
import { LakeFormationSettingsOptions } from './settings';

/** Column and table confidentiality levels, ordered public < private < sensitive. */
export enum Confidentiality {
  /** Anyone the product is shared with may see it. */
  PUBLIC = 'public',
  /** Personal or internal data, e.g. a customer name. */
  PRIVATE = 'private',
  /** The most restricted level, e.g. a life expectancy. Tables and databases carry it (fail closed). */
  SENSITIVE = 'sensitive',
}

/**
 * A custom LF-tag key and its allowed values. The ontology turns each definition into a typed key:
 * get it with `ontology.key('<key>')` and build conditions from it (`ontology.key('region').value('eu')`),
 * so that a value the definition does not list is a synth error.
 */
export interface LfTagDefinition {
  /** The key (lower-case; letters, digits and `_ . : / = + - @ %`; at most 50 characters). */
  readonly key: string;
  /** The allowed values (1 to 50 of them, same character rules as the key). */
  readonly values: string[];
}

/** Props of an `LfTagOntology`. */
export interface LfTagOntologyProps extends LakeFormationSettingsOptions {
  /** The mesh: producer domains become the values of the producer key, consumer domains get a key each. */
  readonly mesh: MeshDescription;
  /**
   * Additional keys. Each becomes a typed key: `ontology.key('<key>')` returns it, and its
   * `value(...)`/`anyOf(...)` accept only the values listed here.
   * @default - none
   */
  readonly customTags?: LfTagDefinition[];
}

/**
 * A condition on one LF-tag key: the resource's value for `key` is one of `values` (values are ORed).
 * Build it from a key (`ontology.confidentiality.anyOf(...)`, `key.value('x')`) so it is checked.
 *
 * @example
 * const sharedWithMl = tags.consumerKey('ml').value('yes');
 * const upToPrivate = tags.confidentialityAtMost(Confidentiality.PRIVATE);
 * const expression = LfTagExpression.of([sharedWithMl, upToPrivate]);
 */
export class LfTagCondition {
  /** @internal */
  public static _of(key: LfTagKey, values: string[]): LfTagCondition {
    return new LfTagCondition(key, values);
  }

  /** The key. */
  public readonly key: LfTagKey;
  private readonly acceptedValues: readonly string[];

  private constructor(key: LfTagKey, values: string[]) {
    this.key = key;
    this.acceptedValues = Object.freeze([...values]);
  }

  /** The accepted values (ORed); a copy, so changing it changes nothing. */
  public get values(): string[] {
    return [...this.acceptedValues];
  }

  /** The key's name. */
  public get keyName(): string {
    return this.key.name;
  }
}

/**
 * An LF-tag key defined by an ontology, with its values. Conditions are built from it so that a value
 * the ontology does not define is a synth error.
 *
 * @example
 * const privateOrSensitive = tags.confidentiality.anyOf(['private', 'sensitive']);
 * const sharedWithExec = tags.consumerKey('exec').value('yes');
 */
export class LfTagKey {
  /** @internal */
  public static _create(ontology: LfTagOntology, name: string, values: string[], resource: lf.CfnTag): LfTagKey {
    return new LfTagKey(ontology, name, values, resource);
  }

  /** The ontology that defines the key. */
  public readonly ontology: LfTagOntology;
  /** The key name, e.g. `confidentiality`. */
  public readonly name: string;
  /** @internal */
  public readonly _resource: lf.CfnTag;
  private readonly definedValues: readonly string[];

  private constructor(ontology: LfTagOntology, name: string, values: string[], resource: lf.CfnTag) {
    this.ontology = ontology;
    this.name = name;
    this.definedValues = Object.freeze([...values]);
    this._resource = resource;
  }

  /** The allowed values, in declaration order; a copy, so changing it changes neither the key nor the synthesized tag. */
  public get values(): string[] {
    return [...this.definedValues];
  }

  /** A condition matching one value of this key. */
  public value(value: string): LfTagCondition {
    return this.anyOf([value]);
  }

  /** A condition matching any of `values` (ORed). */
  public anyOf(values: string[]): LfTagCondition {
    if (!Array.isArray(values) || values.length === 0) {
      fail(this.ontology._who, `a condition on key '${this.name}' needs at least one value (defined: ${listOf(this.definedValues)}), ` +
        `e.g. key.value('${this.definedValues[0]}').`);
    }
    for (const v of values) {
      if (!this.definedValues.includes(v)) {
        fail(this.ontology._who, `tag value '${v}' is not defined for key '${this.name}' (defined: ${listOf(this.values)}). ` +
          'Use a defined value, or add it to the ontology.');
      }
    }
    return LfTagCondition._of(this, [...new Set(values)]);
  }
}

/**
 * A tag expression: conditions on distinct keys, ANDed (each condition ORs its values), as Lake
 * Formation evaluates `LFTagPolicy` expressions.
 *
 * @example
 * const mlUpToPrivate = LfTagExpression.of([tags.consumerKey('ml').value('yes')])
 *   .withCondition(tags.confidentialityAtMost(Confidentiality.PRIVATE));
 */
export class LfTagExpression {
  /** An expression of the given conditions (at most 5, one per key). */
  public static of(conditions: LfTagCondition[]): LfTagExpression {
    return new LfTagExpression(conditions);
  }

  private readonly anded: readonly LfTagCondition[];

  private constructor(conditions: LfTagCondition[]) {
    if (!Array.isArray(conditions) || conditions.length === 0) {
      fail('LfTagExpression', 'an expression needs at least one condition, e.g. ontology.consumerKey(\'ml\').value(\'yes\').');
    }
    const ontology = conditions[0].key.ontology;
    const foreign = conditions.findIndex(c => c.key.ontology !== ontology);
    if (foreign >= 0) {
      const c = conditions[foreign];
      fail('LfTagExpression', `conditions[${foreign}] '${describeCondition(c)}' comes from ontology '${c.key.ontology.node.path}', but ` +
        `conditions[0] '${describeCondition(conditions[0])}' from ontology '${ontology.node.path}'; all conditions of an expression must come ` +
        `from one ontology. Build every condition from the ontology of the governance stack the expression is used in, e.g. ontology.key('${c.keyName}').`);
    }
    const dup = duplicates(conditions.map(c => c.keyName));
    if (dup.length > 0) {
      fail(ontology._who, `expression names key '${dup[0]}' twice. Keys are ANDed and a resource has one value per key (DM-19): ` +
        'list every accepted value in one condition, e.g. key.anyOf([...]).');
    }
    if (conditions.length > MAX_EXPRESSION_KEYS) {
      fail(ontology._who, `expression has ${conditions.length} conditions (${listOf(conditions.map(c => c.keyName))}); ` +
        `Lake Formation accepts at most ${MAX_EXPRESSION_KEYS} in an LFTagPolicy expression (DM-19). Split the grant or use fewer keys.`);
    }
    this.anded = Object.freeze([...conditions]);
  }

  /** The ANDed conditions; a copy, so changing it changes nothing. */
  public get conditions(): LfTagCondition[] {
    return [...this.anded];
  }

  /**
   * This expression ANDed with one more condition (a new expression; this one is unchanged).
   * Named `withCondition` rather than `and`, a reserved word in Python.
   */
  public withCondition(condition: LfTagCondition): LfTagExpression {
    return new LfTagExpression([...this.anded, condition]);
  }

  /** A readable form, e.g. `consumer_ml=yes AND confidentiality IN (public, private)`. */
  public toString(): string {
    return this.anded.map(describeCondition).join(' AND ');
  }
}

/** `key=value` or `key IN (a, b)`. */
function describeCondition(c: LfTagCondition): string {
  const values = c.values;
  return values.length === 1 ? `${c.keyName}=${values[0]}` : `${c.keyName} IN (${values.join(', ')})`;
}

const MAX_EXPRESSION_KEYS = 5;
const MAX_VALUES_PER_KEY = 50;
/** The strictest of Lake Formation's documented rules: guide (<= 50), CloudFormation's character set, stored lower-case (DM-19). */
const TAG_TEXT: NameRule = {
  description: 'lower-case letters, digits and _ . : / = + - @ %',
  pattern: /^[a-z0-9_.:/=+\-@%]+$/,
  minLength: 1,
  maxLength: 50,
  example: 'cost_center',
};

/** The key of the producing line of business. */
const PRODUCER_KEY = 'producer';
/** The confidentiality key. */
const CONFIDENTIALITY_KEY = 'confidentiality';

/**
 * The LF-tag ontology of a mesh (governance account): a `producer` key whose values are the producer
 * domains, one `consumer_<domain>` key per consumer domain with the single value `yes` (a resource
 * carries one value per key, DM-19), a `confidentiality` key with the ordered levels public < private <
 * sensitive, and any custom keys. Each key is an `AWS::LakeFormation::Tag` created after the settings
 * that make the deployer an admin (DM-01).
 *
 * Custom keys are typed too: `ontology.key('region')` returns the key declared in `customTags`, whose
 * `value(...)` accepts only the declared values.
 *
 * @example
 * const tags = new LfTagOntology(gov, 'Tags', { mesh, customTags: [{ key: 'region', values: ['eu', 'us'] }] });
 * const mlUpToPrivate = LfTagExpression.of([tags.consumerKey('ml').value('yes'), tags.confidentialityAtMost(Confidentiality.PRIVATE)]);
 * const euOnly = mlUpToPrivate.withCondition(tags.key('region').value('eu'));
 */
export class LfTagOntology extends Construct {
  /** The mesh. */
  public readonly mesh: MeshDescription;
  /** The key of the producing line of business (values: the producer domains). */
  public readonly producer: LfTagKey;
  /** The confidentiality key (values: public, private, sensitive). */
  public readonly confidentiality: LfTagKey;
  /** @internal */
  public readonly _who: string;
  private readonly byName = new Map<string, LfTagKey>();

  constructor(scope: Construct, id: string, props: LfTagOntologyProps) {
    super(scope, id);
    this._who = subject('LfTagOntology', id);
    const mesh = props.mesh;
    if (!mesh || !(mesh instanceof MeshDescription)) {
      fail(this._who, 'mesh is required: pass the MeshDescription shared by every stack of the mesh.');
    }
    this.mesh = mesh;
    const stack = Stack.of(this);
    checkStackEnv(this._who, stack, mesh.governanceEnv(), 'governance account', 'mesh.governanceEnv()');
    const settings = LakeFormationSettings.of(this, {
      requester: this._who,
      mutation: props.settingsMutation,
      crossAccountVersion: mesh.crossAccountVersion,
      deploymentRoleArn: props.deploymentRoleArn,
    });

    const definitions: LfTagDefinition[] = [
      { key: PRODUCER_KEY, values: mesh.producerDomains },
      ...mesh.consumerDomains.map(d => ({ key: consumerKeyName(d), values: [CONSUMER_VALUE] })),
      { key: CONFIDENTIALITY_KEY, values: [...CONFIDENTIALITY_ORDER] },
    ];
    const reserved = new Set(definitions.map(d => d.key));
    (props.customTags ?? []).forEach((t, i) => {
      checkName(this._who, `customTags[${i}].key`, t.key, TAG_TEXT);
      const earlier = (props.customTags ?? []).findIndex(other => other.key === t.key);
      if (earlier < i) {
        fail(this._who, `customTags[${i}].key '${t.key}' is declared twice (customTags[${earlier}] and customTags[${i}]). Declare each key once with all of its values.`);
      }
      if (reserved.has(t.key)) {
        fail(this._who, `customTags[${i}].key '${t.key}' is reserved by the mesh (reserved: ${listOf([...reserved])}). Choose another key name.`);
      }
      if (!Array.isArray(t.values) || t.values.length === 0 || t.values.length > MAX_VALUES_PER_KEY) {
        fail(this._who, `customTags[${i}].values of key '${t.key}' has ${t.values?.length ?? 0} values; a key needs 1 to ${MAX_VALUES_PER_KEY} (DM-19). ` +
          'List at least one value, and split a longer list over several keys.');
      }
      // TAG_TEXT has no '*': a wildcard value is refused by checkName.
      t.values.forEach((v, j) => checkName(this._who, `customTags[${i}].values[${j}]`, v, TAG_TEXT));
      const dupValues = duplicates(t.values);
      if (dupValues.length > 0) fail(this._who, `customTags[${i}].values of key '${t.key}' lists '${dupValues[0]}' twice. List each value once.`);
      definitions.push({ key: t.key, values: [...t.values] });
    });
    if (definitions[0].values.length > MAX_VALUES_PER_KEY) {
      fail(this._who, `the mesh has ${definitions[0].values.length} producer domains, but the producer key would hold them all and CloudFormation ` +
        `creates an LF-tag with at most ${MAX_VALUES_PER_KEY} values (DM-19). Split the producers over meshes of at most ${MAX_VALUES_PER_KEY} domains.`);
    }

    // Construct IDs drop punctuation ('cost.center' and 'cost_center' both give 'TagCostCenter'):
    // name both keys and the fix rather than fail with the construct library's bare duplicate-ID error.
    const byId = new Map<string, string>();
    const customIndex = (key: string) => (props.customTags ?? []).findIndex(t => t.key === key);
    const describe = (key: string) => customIndex(key) >= 0 ? `customTags[${customIndex(key)}].key '${key}'` : `the mesh's key '${key}'`;
    for (const d of definitions) {
      const constructId = tagId(d.key);
      const earlier = byId.get(constructId);
      if (earlier !== undefined) {
        const fix = customIndex(d.key) >= 0
          ? `Rename customTags[${customIndex(d.key)}].key '${d.key}' so that it differs from '${earlier}' in a letter or digit, e.g. '${d.key}_2'.`
          : 'Rename one of the consumer domains in the MeshDescription so that their keys differ in a letter or digit.';
        fail(this._who, `${describe(d.key)} and ${describe(earlier)} would get the same construct ID '${constructId}' (construct IDs keep only ` +
          `letters and digits); two tags cannot share one ID. ${fix}`);
      }
      byId.set(constructId, d.key);
    }

    for (const d of definitions) {
      const resource = new lf.CfnTag(this, tagId(d.key), {
        catalogId: stack.account,
        tagKey: d.key,
        tagValues: [...d.values],
      });
      settings.gate(resource);
      this.byName.set(d.key, LfTagKey._create(this, d.key, d.values, resource));
    }
    this.producer = this.byName.get(PRODUCER_KEY)!;
    this.confidentiality = this.byName.get(CONFIDENTIALITY_KEY)!;
  }

  /** Every key of the ontology, in declaration order. */
  public get keys(): LfTagKey[] {
    return [...this.byName.values()];
  }

  /** The key named `name`; an error lists the defined keys if there is none. */
  public key(name: string): LfTagKey {
    const k = this.byName.get(name);
    if (!k) {
      fail(this._who, `tag key '${name}' is not defined (defined: ${listOf([...this.byName.keys()])}). Add it to customTags, or use a defined key.`);
    }
    return k;
  }

  /** The key of a consumer domain, `consumer_<domain>` (value `yes`). */
  public consumerKey(domain: string): LfTagKey {
    this.mesh.consumer(domain);
    return this.key(consumerKeyName(domain));
  }

  /** The condition "confidentiality is `ceiling` or lower", e.g. PRIVATE gives `confidentiality IN (public, private)`. */
  public confidentialityAtMost(ceiling: Confidentiality): LfTagCondition {
    if (!CONFIDENTIALITY_ORDER.includes(ceiling)) {
      fail(this._who, `confidentialityAtMost: '${ceiling}' is not a confidentiality level (levels: ${listOf(CONFIDENTIALITY_ORDER)}). ` +
        'Use Confidentiality.PUBLIC, Confidentiality.PRIVATE or Confidentiality.SENSITIVE.');
    }
    return this.confidentiality.anyOf(confidentialityUpTo(ceiling));
  }

  /** The condition "confidentiality is exactly `level`". */
  public confidentialityIs(level: Confidentiality): LfTagCondition {
    return this.confidentiality.value(level);
  }

  /** The condition "produced by `domain`". */
  public producedBy(domain: string): LfTagCondition {
    this.mesh.producer(domain);
    return this.producer.value(domain);
  }

  /** Checks that `condition` comes from this ontology. @internal */
  public _checkOwn(who: string, condition: LfTagCondition, prop?: string): void {
    if (condition.key.ontology !== this) {
      fail(who, `${prop ? `${prop}: ` : ''}tag '${condition.keyName}=${condition.values.join('|')}' comes from ontology '${condition.key.ontology.node.path}', ` +
        `not from '${this.node.path}'. Build tags from the ontology passed to this construct's props, e.g. ontology.key('${condition.keyName}').`);
    }
  }
}


function tagId(key: string): string {
  return 'Tag' + key.split(/[^a-z0-9]+/).map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
