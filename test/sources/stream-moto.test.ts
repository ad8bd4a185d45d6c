/*
 * Issue 17: the StreamSource's delivery path end to end against moto server on 127.0.0.1 (test/sources/stream_moto_harness.py):
 * the stream, the bronze table and the delivery stream made from the synthesized template, records put to the stream,
 * delivered under the bronze prefix. moto's Firehose neither reads a Kinesis source nor evaluates prefixes, dynamic
 * partitioning or format conversion: the harness forwards what it reads from the stream, and those parts are checked
 * here against Firehose's documented semantics (recorded shapes), docs/sources.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildSourcesMesh } from '../fixtures/sources-mesh';
import { MotoServer, runPython, startMoto } from '../support/engines';

jest.setTimeout(600_000);

/** Firehose's prefix expressions (Firehose developer guide, "Custom prefixes for Amazon S3 objects"), for one record. */
function evaluatePrefix(prefix: string, keys: Record<string, string>, arrival: Date): string {
  return prefix.replace(/!\{([a-zA-Z]+):([^}]+)\}/g, (_, namespace: string, arg: string) => {
    if (namespace === 'partitionKeyFromQuery') {
      if (!(arg in keys)) throw new Error(`no partition key ${arg}`);
      return keys[arg];
    }
    if (namespace === 'timestamp') {
      const pad = (n: number) => String(n).padStart(2, '0');
      return arg.replace('yyyy', String(arrival.getUTCFullYear())).replace('MM', pad(arrival.getUTCMonth() + 1)).replace('dd', pad(arrival.getUTCDate()));
    }
    throw new Error(`unknown namespace ${namespace}`);
  });
}

/** The MetadataExtraction processor's jq query of the form `{a: .a, b: .b}` applied to a record. */
function extractKeys(query: string, record: Record<string, unknown>): Record<string, string> {
  const m = /^\{(.*)\}$/.exec(query.trim());
  if (!m) throw new Error(`not an object construction: ${query}`);
  return Object.fromEntries(m[1].split(',').map(part => {
    const [name, expr] = part.split(':').map(s => s.trim());
    if (expr !== `.${name}`) throw new Error(`unsupported jq ${part}`);
    return [name, String(record[name])];
  }));
}

describe('StreamSource against moto server', () => {
  let moto: MotoServer;
  let result: any;
  let template: any;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-moto-'));

  beforeAll(async () => {
    const app = new App({ outdir: dir });
    const mesh = buildSourcesMesh(app);
    app.synth();
    const file = path.join(dir, `${mesh.producers.investments.stack.artifactId}.template.json`);
    template = JSON.parse(fs.readFileSync(file, 'utf8'));
    moto = await startMoto();
    const out = runPython([path.join(__dirname, 'stream_moto_harness.py'), moto.endpoint, file, 'eu-west-1']);
    result = JSON.parse(out.split('\n').find(l => l.startsWith('RESULT '))!.slice('RESULT '.length));
  });

  afterAll(async () => {
    await moto?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('moto accepts the template\'s stream, table and delivery stream (botocore checks each request against the API model)', () => {
    expect(result.streamEncryption).toBe('KMS');
    expect(result.source.KinesisStreamSourceDescription.KinesisStreamARN).toMatch(/^arn:aws:kinesis:eu-west-1:\d{12}:stream\/trades$/);
    expect(result.destination.Prefix).toBe('stream/trades/desk=!{partitionKeyFromQuery:desk}/');
    expect(result.destination.DataFormatConversionConfiguration.SchemaConfiguration.TableName).toBe('trades');
    expect(result.tableColumns).toEqual(['trade_id', 'portfolio_id', 'isin', 'quantity', 'price', 'traded_at']);
  });

  test('records put to the stream arrive under the bronze prefix, every one, nothing elsewhere', () => {
    expect(result.failedPuts).toBe(0);
    expect(result.keys.length).toBeGreaterThan(0);
    for (const key of result.keys) expect(key.startsWith('stream/trades/')).toBe(true);
    expect(result.delivered).toEqual(result.sent);
  });

  test('on AWS each record goes to its desk\'s partition: the prefix and the jq query, evaluated as Firehose documents them', () => {
    const s3 = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::KinesisFirehose::DeliveryStream').Properties.ExtendedS3DestinationConfiguration;
    const query = s3.ProcessingConfiguration.Processors[0].Parameters.find((p: any) => p.ParameterName === 'MetadataExtractionQuery').ParameterValue;
    const arrival = new Date(Date.UTC(2026, 11, 2));
    const prefixes = result.sent.map((t: any) => evaluatePrefix(s3.Prefix, extractKeys(query, t), arrival));
    expect([...new Set(prefixes)].sort()).toEqual(['stream/trades/desk=fx/', 'stream/trades/desk=rates/']);
    // Every key of the prefix is a partition key of the table, in order (Athena reads desk=<value>/ as the desk partition).
    const table = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::Glue::Table' && r.Properties.TableInput.Name === 'trades').Properties.TableInput;
    expect([...s3.Prefix.matchAll(/([a-z_]+)=!\{/g)].map(m => m[1])).toEqual(table.PartitionKeys.map((k: any) => k.Name));
    // With expressions in the prefix Firehose requires the error prefix to name the error output type.
    expect(evaluatePrefix(s3.ErrorOutputPrefix.replace('!{firehose:error-output-type}', 'format-conversion-failed'), {}, arrival))
      .toBe('errors/stream/trades/format-conversion-failed/2026-12-02/');
  });
});
