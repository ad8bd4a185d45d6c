/**
 * Structs in public properties are read-only but extensible (src/private/read-only.ts): the jsii kernel tags every
 * struct it hands to Python, Java or Go with a symbol property, so a frozen one made `mesh.Producers()`,
 * `mesh.Consumers()` and `contract.Metadata()` panic in Go ("object is not extensible", docs/go.md).
 */
import { Duration } from 'aws-cdk-lib';
import { ColumnType, DataContract, MeshDescription } from '../src';

const JSII_TAG = Symbol.for('$__jsii__objid__$'); // any symbol: what the kernel does to a struct it passes by reference

function tagAsJsiiDoes(obj: object): void {
  Object.defineProperty(obj, JSII_TAG, { value: 'jsii-1', enumerable: false, configurable: false, writable: false });
}

const mesh = new MeshDescription({
  name: 'bank',
  governance: { account: '111111111111', region: 'eu-west-1' },
  producers: [{ domain: 'insurance', account: '222222222222', products: ['claims'] }],
  consumers: [{ domain: 'bi', account: '444444444444' }],
});
const contract = new DataContract({
  product: 'claims',
  tables: [{ name: 'claims', columns: [{ name: 'claim_id', type: ColumnType.STRING }] }],
  metadata: { owner: 'insurance-data@bank.example', freshness: Duration.hours(26) },
});
const structs: Array<[string, object]> = [
  ['mesh.producers[0]', mesh.producers[0]],
  ['mesh.consumers[0]', mesh.consumers[0]],
  ['contract.metadata', contract.metadata],
];

test.each(structs)('%s can be tagged the way the jsii kernel tags a struct for another language', (_name, struct) => {
  expect(Object.isExtensible(struct)).toBe(true);
  expect(() => tagAsJsiiDoes(struct)).not.toThrow();
});

test.each(structs)('%s stays read-only: an assignment or a deletion throws', (_name, struct) => {
  const key = Object.keys(struct)[0];
  const before = (struct as Record<string, unknown>)[key];
  expect(() => { (struct as Record<string, unknown>)[key] = 'changed'; }).toThrow(TypeError);
  expect(() => { delete (struct as Record<string, unknown>)[key]; }).toThrow(TypeError);
  expect((struct as Record<string, unknown>)[key]).toBe(before);
});

test('a frozen struct is what the kernel cannot tag (the failure the Go app showed)', () => {
  expect(() => tagAsJsiiDoes(Object.freeze({ domain: 'x' }))).toThrow(/not extensible/);
});
