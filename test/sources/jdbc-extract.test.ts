/*
 * Issue 17: the JdbcSource's extraction script (glue-scripts/jdbc_extract.py) in local Apache Spark against a real
 * PostgreSQL server on 127.0.0.1, through the PostgreSQL JDBC driver from Maven Central: a full and an incremental
 * table, three runs. On AWS Glue only the reader and the bookmark store differ (Glue job bookmarks on the key column,
 * docs/sources.md); the plan, the casts and the partitioned write are the ones run here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { engineJars, PostgresServer, runPython, startPostgres } from '../support/engines';

jest.setTimeout(900_000);

describe('jdbc_extract.py in local Spark against PostgreSQL', () => {
  let pg: PostgresServer;
  let result: any;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jdbc-extract-'));

  beforeAll(async () => {
    pg = await startPostgres();
    const jar = path.join(engineJars(), 'postgresql-42.7.4.jar');
    const out = runPython([path.join(__dirname, 'jdbc_extract_harness.py'), pg.jdbcUrl, pg.user, jar, `${dir}/bronze/jdbc/claims_db/`, `${dir}/bookmarks.json`],
      { env: { PYSPARK_SUBMIT_ARGS: `--jars ${jar} --driver-class-path ${jar} pyspark-shell`, SPARK_LOCAL_IP: '127.0.0.1' } });
    const line = out.split('\n').find(l => l.startsWith('RESULT '));
    result = JSON.parse(line!.slice('RESULT '.length));
  });

  /** The script as Glue runs it (its arguments as the JdbcSource sets them), with the awsglue stand-in of test/sources/fake-awsglue. */
  function runAsGlue(): any[] {
    const jar = path.join(engineJars(), 'postgresql-42.7.4.jar');
    const record = path.join(dir, `glue-calls-${Date.now()}.json`);
    const tables = JSON.stringify([
      { table: 'public.claims', name: 'claims', mode: 'incremental', key: 'claim_id', columns: [{ name: 'claim_id', type: 'bigint' }, { name: 'amount', type: 'decimal(18,2)' }] },
      { table: 'public.claim_status_codes', name: 'status_codes', mode: 'full', columns: [{ name: 'code', type: 'string' }] },
    ]);
    runPython([path.join(__dirname, '..', '..', 'glue-scripts', 'jdbc_extract.py'), '--JOB_NAME', 'bank-insurance-source-claims-db', '--engine', 'postgresql',
      '--connection_name', 'bank-insurance-source-claims-db', '--tables', tables, '--target', `${dir}/glue-bronze/jdbc/claims_db/`], {
      env: {
        PYTHONPATH: path.join(__dirname, 'fake-awsglue'),
        PYSPARK_SUBMIT_ARGS: `--jars ${jar} --driver-class-path ${jar} pyspark-shell`,
        SPARK_LOCAL_IP: '127.0.0.1',
        FAKE_GLUE_RECORD: record,
        FAKE_GLUE_BOOKMARKS: path.join(dir, 'glue-bookmarks.json'),
        FAKE_GLUE_JDBC_URL: pg.jdbcUrl,
        FAKE_GLUE_JDBC_USER: pg.user,
      },
    });
    return JSON.parse(fs.readFileSync(record, 'utf8'));
  }

  test('as a Glue job: reads through the Glue connection with a job bookmark on the key (Glue\'s API shapes), commits after the writes', () => {
    const calls = runAsGlue();
    expect(calls.map(c => c.call)).toEqual(['getResolvedOptions', 'Job.init', 'create_dynamic_frame.from_options', 'create_dynamic_frame.from_options', 'Job.commit']);
    expect(calls[2]).toEqual({
      call: 'create_dynamic_frame.from_options',
      connection_type: 'postgresql',
      connection_options: {
        useConnectionProperties: 'true',
        connectionName: 'bank-insurance-source-claims-db',
        dbtable: 'public.claims',
        jobBookmarkKeys: ['claim_id'],
        jobBookmarkKeysSortOrder: 'asc',
      },
      transformation_ctx: 'bookmark_claims',
    });
    // A full table is read without a bookmark (no transformation_ctx).
    expect(calls[3].transformation_ctx).toBeNull();
    expect(calls[3].connection_options).toEqual({ useConnectionProperties: 'true', connectionName: 'bank-insurance-source-claims-db', dbtable: 'public.claim_status_codes' });
    expect(calls[4].bookmarks).toEqual({ bookmark_claims: 5 });
    const today = new Date().toISOString().slice(0, 10);
    expect(fs.readdirSync(`${dir}/glue-bronze/jdbc/claims_db/claims`).filter(d => d.startsWith('extraction_date='))).toEqual([`extraction_date=${today}`]);
    // The next run reads past the committed bookmark only.
    const second = runAsGlue();
    expect(second[4].bookmarks).toEqual({});
  });

  afterAll(async () => {
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the first run copies both tables in full; the bookmark is the largest key copied', () => {
    expect(result.run1.map((s: any) => [s.name, s.mode, s.rows, s.since, s.bookmark])).toEqual([
      ['claims', 'incremental', 3, null, 3],
      ['status_codes', 'full', 2, null, null],
    ]);
    expect(result.bookmarks1).toEqual({ claims: 3 });
  });

  test('a second incremental run copies only the new rows (an update of a copied row is not copied again)', () => {
    expect(result.run2.map((s: any) => [s.name, s.rows, s.since, s.bookmark])).toEqual([['claims', 2, 3, 5], ['status_codes', 2, null, null]]);
    expect(result.run3.map((s: any) => [s.name, s.rows, s.since])).toEqual([['claims', 0, 5], ['status_codes', 2, null]]);
  });

  test('Parquet partitioned by extraction date, with the declared columns and types only', () => {
    const claims = result.claims;
    expect(claims.partitions).toEqual(['extraction_date=2026-12-01', 'extraction_date=2026-12-02']);
    expect(claims.schema).toEqual([
      ['claim_id', 'bigint'], ['policy_id', 'string'], ['claim_date', 'date'], ['amount', 'decimal(18,2)'], ['status', 'string'], ['extraction_date', 'date'],
    ]);
    expect(claims.rows.map((r: any) => [r.claim_id, r.amount, r.status, r.extraction_date])).toEqual([
      ['1', '100.50', 'open', '2026-12-01'],
      ['2', '2000.00', 'paid', '2026-12-01'],
      ['3', '35.25', 'open', '2026-12-01'],
      ['4', '10.00', 'open', '2026-12-02'],
      ['5', '99.99', 'open', '2026-12-02'],
    ]);
  });

  test('a full table gets a snapshot per extraction date; a rerun on the same date replaces that day\'s partition', () => {
    const codes = result.status_codes;
    expect(codes.partitions).toEqual(['extraction_date=2026-12-01', 'extraction_date=2026-12-02']);
    expect(codes.rows.map((r: any) => `${r.extraction_date} ${r.code}=${r.label}`).sort()).toEqual([
      '2026-12-01 open=Open', '2026-12-01 paid=Paid', '2026-12-02 open=Open', '2026-12-02 paid=Settled',
    ]);
  });
});
