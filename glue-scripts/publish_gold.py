"""
cdk-data-mesh: publishes the gate-checked candidates of a data product to gold (a Glue job of every DataPipeline).

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


def run(spark, tables, run_id=None):
    """Checks every candidate first, then publishes each: nothing is written when any table breaks the contract."""
    frames = []
    for table in tables:
        df = spark.read.parquet(candidate_of(table, run_id))
        check(table, df.schema)
        frames.append((table, df))
    for table, df in frames:
        df.write.mode('overwrite').parquet(table['location'])
        print(json.dumps({'published': table['name'], 'location': table['location']}))


if __name__ == '__main__':
    from awsglue.context import GlueContext  # only in Glue
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    args = getResolvedOptions(sys.argv, ['tables', 'run_id'])
    run(GlueContext(SparkContext.getOrCreate()).spark_session, json.loads(args['tables']), args['run_id'])
