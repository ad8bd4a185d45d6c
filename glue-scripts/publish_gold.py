"""
cdk-data-mesh: checks the candidates of a data product against its data contract, and publishes the gate-checked
candidates to gold (two Glue jobs of every DataPipeline run this script: --mode check before the data-quality gate,
--mode publish after it).

In check mode it reads every file of each candidate (Parquet footers, merged: a file whose column type differs
fails the merge) and compares the columns with the contract's; the verdict of each table is written as JSON next
to the gate's results (`<results>/<table>/contract/<run>/`), and the job fails (before the gate, before gold) when a
table breaks the contract. The gate's DQDL rules check columns by name only; the types are checked here.

Runs after the pipeline's data-quality gate has passed. For each table of the data contract it reads the candidate
Parquet, refuses it unless its columns are exactly the contract's (names, order and types: the data contract holds at
run time too, whatever the user's step wrote), and overwrites the table's gold location with it. Its role is the only
one of the pipeline that may write gold.

Arguments: --tables '[{"name", "candidate", "location", "columns": [[name, type], ...]}]' and --run_id (the execution
name: each run's candidates are under `_candidate/<run>/`, `{run}` in "candidate"). `run(spark, tables, run_id)` is
plain PySpark (tested in local Spark); only the __main__ block needs Glue.
"""
import json
import sys


class ContractViolation(Exception):
    """A candidate whose columns are not the data contract's."""


def check(table, schema):
    """Raises ContractViolation, naming the column, unless `schema` (name, type) pairs equal the contract's columns."""
    declared = [tuple(c) for c in table['columns']]
    actual = [(f.name, f.dataType.simpleString()) for f in schema.fields]
    for i in range(max(len(declared), len(actual))):
        d = declared[i] if i < len(declared) else None
        a = actual[i] if i < len(actual) else None
        if d == a:
            continue
        if d and a and d[0] == a[0]:
            raise ContractViolation(f"table {table['name']}: column '{d[0]}' is {a[1]} in the candidate but {d[1]} in the data contract")
        if d and d[0] not in [x[0] for x in actual]:
            raise ContractViolation(f"table {table['name']}: column '{d[0]}' ({d[1]}) of the data contract is missing in the candidate")
        if a and a[0] not in [x[0] for x in declared]:
            raise ContractViolation(f"table {table['name']}: column '{a[0]}' ({a[1]}) of the candidate is not in the data contract")
        raise ContractViolation(f"table {table['name']}: column {i + 1} is '{a[0] if a else None}' in the candidate but '{d[0] if d else None}' in the data contract")


def candidate_of(table, run_id):
    """The candidate location of this run: the "candidate" template with `{run}` replaced by the run id."""
    if '{run}' in table['candidate'] and not run_id:
        raise ValueError(f"table {table['name']}: the candidate location {table['candidate']} needs --run_id")
    return table['candidate'].replace('{run}', run_id or '')


def read_candidate(spark, location):
    """The candidate's files with their schemas merged: a file whose column type differs from the others fails."""
    try:
        return spark.read.option('mergeSchema', 'true').parquet(location)
    except Exception as e:  # Spark's AnalysisException / SparkException on incompatible files
        if 'merge' in str(e).lower() or 'incompatible' in str(e).lower():
            raise ContractViolation(f"the files under {location} do not share one schema (a column's type differs between files): {str(e).splitlines()[0]}")
        raise


def check_candidates(spark, tables, run_id, results):
    """Checks every candidate of this run against the contract, writes each table's verdict under `results`, and
    raises ContractViolation (after writing all verdicts) when any table breaks the contract."""
    failures = []
    for table in tables:
        location = candidate_of(table, run_id)
        try:
            check(table, read_candidate(spark, location).schema)
            verdict = {'table': table['name'], 'run': run_id, 'candidate': location, 'passed': True, 'message': ''}
        except ContractViolation as e:
            verdict = {'table': table['name'], 'run': run_id, 'candidate': location, 'passed': False, 'message': str(e)}
            failures.append(str(e))
        target = f"{results.rstrip('/')}/{table['name']}/contract/{run_id}/"
        spark.createDataFrame([verdict]).coalesce(1).write.mode('overwrite').json(target)
        print(json.dumps(verdict))
    if failures:
        raise ContractViolation('; '.join(failures))


def run(spark, tables, run_id=None):
    """Checks every candidate first, then publishes each: nothing is written when any table breaks the contract.

    Not atomic (docs/pipelines.md, "Limits"): each table is overwritten in turn, so a reader during the run can see
    a table empty or partial, or tables of two runs; between runs gold is one complete checked candidate per table.
    """
    frames = []
    for table in tables:
        df = read_candidate(spark, candidate_of(table, run_id))
        check(table, df.schema)
        frames.append((table, df))
    for table, df in frames:
        df.write.mode('overwrite').parquet(table['location'])
        print(json.dumps({'published': table['name'], 'location': table['location']}))


if __name__ == '__main__':
    from awsglue.context import GlueContext  # only in Glue
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    args = getResolvedOptions(sys.argv, ['mode', 'tables', 'run_id', 'results'])
    session = GlueContext(SparkContext.getOrCreate()).spark_session
    if args['mode'] == 'check':
        check_candidates(session, json.loads(args['tables']), args['run_id'], args['results'])
    else:
        run(session, json.loads(args['tables']), args['run_id'])
