import { Stack } from 'aws-cdk-lib';
import * as lf from 'aws-cdk-lib/aws-lakeformation';
import { Construct, IConstruct } from 'constructs';
import { Confidentiality } from './confidentiality';
import { LfTagCondition } from './lf-tag-condition';
import { LfTagKey } from './lf-tag-key';
import { MeshDescription } from './mesh';
import { throwValidationError } from './private/errors';
import { LakeFormationSettings } from './private/lake-formation';
import { requireMesh } from './private/mesh-construct';
import { checkStackEnv } from './private/stack-env';
import {
  checkConfidentiality, CONFIDENTIALITY_KEY, CONFIDENTIALITY_ORDER, confidentialityUpTo, CONSUMER_VALUE, consumerKeyName, DISCOVERY_KEY,
  DISCOVERY_VALUE, PRODUCER_KEY, TAG_TEXT,
} from './private/tags';
import { checkName, duplicates, listOf } from './private/validation';
import { LakeFormationSettingsOptions } from './settings';

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

const MAX_VALUES_PER_KEY = 50;


/** Marks a `LfTagOntology` (`LfTagOntology.isLfTagOntology`): `instanceof` fails when two copies of the library are installed. */
const LF_TAG_ONTOLOGY_MARKER = Symbol.for('cdk-data-mesh.LfTagOntology');

/**
 * The LF-tag ontology of a mesh (governance account): a `producer` key whose values are the producer
 * domains, one `consumer_<domain>` key per consumer domain with the single value `yes` (a resource
 * carries one value per key, DM-19), a `confidentiality` key with the ordered levels public < private <
 * sensitive, a `discoverable` key (value `yes`, on the databases every consumer may browse), and any custom keys. Each key is an `AWS::LakeFormation::Tag` created after the settings
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
  /** Whether `x` is a `LfTagOntology`, of this or any other copy of the library (a marker, as aws-cdk-lib's `isConstruct`). */
  public static isLfTagOntology(x: any): x is LfTagOntology {
    return x !== null && typeof x === 'object' && LF_TAG_ONTOLOGY_MARKER in x;
  }

  /** The mesh. */
  public readonly mesh: MeshDescription;
  /** The key of the producing line of business (values: the producer domains). */
  public readonly producer: LfTagKey;
  /** The confidentiality key (values: public, private, sensitive). */
  public readonly confidentiality: LfTagKey;
  /**
   * The discovery key `discoverable` (one value, `yes`): every discoverable product database carries it, and every
   * consumer account may `DESCRIBE` (metadata only, never data) what carries it.
   */
  public readonly discoverable: LfTagKey;
  private readonly byName = new Map<string, LfTagKey>();

  constructor(scope: Construct, id: string, props: LfTagOntologyProps) {
    super(scope, id);
    Object.defineProperty(this, LF_TAG_ONTOLOGY_MARKER, { value: true });
    const mesh = props.mesh;
    requireMesh(this, mesh);
    this.mesh = mesh;
    const stack = Stack.of(this);
    checkStackEnv(this, stack, mesh.governanceEnv(), 'governance account', 'mesh.governanceEnv()');
    const settings = LakeFormationSettings.forMesh(this, mesh, props);

    const definitions: LfTagDefinition[] = [
      { key: PRODUCER_KEY, values: mesh.producerDomains },
      ...mesh.consumerDomains.map(d => ({ key: consumerKeyName(d), values: [CONSUMER_VALUE] })),
      { key: CONFIDENTIALITY_KEY, values: [...CONFIDENTIALITY_ORDER] },
      // D66: discoverable product databases carry discoverable=yes; every consumer account may DESCRIBE what carries it.
      { key: DISCOVERY_KEY, values: [DISCOVERY_VALUE] },
    ];
    const reserved = new Set(definitions.map(d => d.key));
    (props.customTags ?? []).forEach((t, i) => {
      checkName(this, `customTags[${i}].key`, t.key, TAG_TEXT);
      const earlier = (props.customTags ?? []).findIndex(other => other.key === t.key);
      if (earlier < i) {
        throwValidationError(this, `customTags[${i}].key '${t.key}' is declared twice (customTags[${earlier}] and customTags[${i}]). Declare each key once with all of its values.`);
      }
      if (reserved.has(t.key)) {
        throwValidationError(this, `customTags[${i}].key '${t.key}' is reserved by the mesh (reserved: ${listOf([...reserved])}). Choose another key name.`);
      }
      if (!Array.isArray(t.values) || t.values.length === 0 || t.values.length > MAX_VALUES_PER_KEY) {
        throwValidationError(this, `customTags[${i}].values of key '${t.key}' has ${t.values?.length ?? 0} values; a key needs 1 to ${MAX_VALUES_PER_KEY} (DM-19). ` +
          'List at least one value, and split a longer list over several keys.');
      }
      // TAG_TEXT has no '*': a wildcard value is refused by checkName.
      t.values.forEach((v, j) => checkName(this, `customTags[${i}].values[${j}]`, v, TAG_TEXT));
      const dupValues = duplicates(t.values);
      if (dupValues.length > 0) throwValidationError(this, `customTags[${i}].values of key '${t.key}' lists '${dupValues[0]}' twice. List each value once.`);
      definitions.push({ key: t.key, values: [...t.values] });
    });
    if (definitions[0].values.length > MAX_VALUES_PER_KEY) {
      throwValidationError(this, `the mesh has ${definitions[0].values.length} producer domains, but the producer key would hold them all and CloudFormation ` +
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
        throwValidationError(this, `${describe(d.key)} and ${describe(earlier)} would get the same construct ID '${constructId}' (construct IDs keep only ` +
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
    this.discoverable = this.byName.get(DISCOVERY_KEY)!;
  }

  /** Every key of the ontology, in declaration order. */
  public get keys(): LfTagKey[] {
    return [...this.byName.values()];
  }

  /** The key named `name`; an error lists the defined keys if there is none. */
  public key(name: string): LfTagKey {
    const k = this.byName.get(name);
    if (!k) {
      throwValidationError(this, `tag key '${name}' is not defined (defined: ${listOf([...this.byName.keys()])}). Add it to customTags, or use a defined key.`);
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
    checkConfidentiality(this, 'confidentialityAtMost:', ceiling);
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
  public _checkOwn(scope: IConstruct, condition: LfTagCondition, prop?: string): void {
    if (condition.key.ontology !== this) {
      throwValidationError(scope, `${prop ? `${prop}: ` : ''}tag '${condition.keyName}=${condition.values.join('|')}' comes from ontology '${condition.key.ontology.node.path}', ` +
        `not from '${this.node.path}'. Build tags from the ontology passed to this construct's props, e.g. ontology.key('${condition.keyName}').`);
    }
  }
}


function tagId(key: string): string {
  return 'Tag' + key.split(/[^a-z0-9]+/).map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
