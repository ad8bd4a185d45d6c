"""
Runs the life-expectancy pipeline's Glue wrappers (glue_clean.run, glue_score.run) in local Spark over the
shipped sample, bronze CSV -> silver Parquet -> gold Parquet, and prints what the jest test checks as JSON:
rejected rows by reason, the gold rows, the gold Parquet schema. Usage: python life_expectancy_spark.py <as_of>
"""
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, '..', '..', 'examples', 'pipelines', 'life-expectancy')
sys.path.insert(0, SAMPLE)
sys.path.insert(0, os.path.join(HERE, '..', '..', 'glue-scripts'))

from pyspark.sql import SparkSession  # noqa: E402

import glue_clean  # noqa: E402
import glue_score  # noqa: E402
import publish_gold  # noqa: E402

as_of = sys.argv[1]
spark = (SparkSession.builder.master('local[1]').appName('life-expectancy-test')
         .config('spark.ui.enabled', 'false').config('spark.sql.shuffle.partitions', '2')
         .config('spark.sql.session.timeZone', 'UTC').getOrCreate())
spark.sparkContext.setLogLevel('ERROR')
with tempfile.TemporaryDirectory() as tmp:
    silver, gold = os.path.join(tmp, 'silver'), os.path.join(tmp, 'gold')
    glue_clean.run(spark, {'input_path': os.path.join(SAMPLE, 'sample', 'policyholders.csv'), 'output_path': silver,
                           'rejects_path': os.path.join(tmp, 'rejects-clean'), 'as_of': as_of})
    glue_score.run(spark, {'input_path': silver, 'output_path': gold, 'rejects_path': os.path.join(tmp, 'rejects-score'),
                           'life_table_path': os.path.join(SAMPLE, 'reference', 'ssa_period_life_table_2017.csv'), 'as_of': as_of})
    rejected = {}
    for step in ('rejects-clean', 'rejects-score'):
        for r in spark.read.parquet(os.path.join(tmp, step)).collect():
            rejected.setdefault(r['reason'], []).append(r['policy_id'])
    g = spark.read.parquet(gold)
    silver_df = spark.read.parquet(silver)
    out = {
        'rejected': {k: sorted(v) for k, v in rejected.items()},
        'silverSchema': [[f.name, f.dataType.simpleString()] for f in silver_df.schema.fields],
        'silverRows': silver_df.count(),
        'goldSchema': [[f.name, f.dataType.simpleString()] for f in g.schema.fields],
        'gold': [r.asDict() for r in g.orderBy('policy_id').collect()],
        'silver': [dict(r.asDict(), birth_date=r['birth_date'].isoformat()) for r in silver_df.orderBy('policy_id').collect()],
    }
    # The publication (glue-scripts/publish_gold.py): the contract's columns pass and are written; a candidate whose
    # type or columns differ is refused, naming the column, and nothing is written.
    with open(os.path.join(SAMPLE, 'contract.json')) as f:
        columns = [[c['name'], c['type']] for c in json.load(f)['tables'][0]['columns']]
    published = os.path.join(tmp, 'published')
    table = {'name': 'policyholder_life_expectancy', 'candidate': gold, 'location': published, 'columns': columns}
    publish_gold.run(spark, [table])
    out['publishedRows'] = spark.read.parquet(published).count()
    bad = os.path.join(tmp, 'bad')
    g.withColumn('age', g['age'].cast('bigint')).write.parquet(os.path.join(bad, 'type'))
    g.drop('customer_name').write.parquet(os.path.join(bad, 'missing'))
    refused = {}
    for case in ('type', 'missing'):
        target = os.path.join(tmp, f'refused-{case}')
        try:
            publish_gold.run(spark, [dict(table, candidate=os.path.join(bad, case), location=target)])
            refused[case] = None
        except publish_gold.ContractViolation as e:
            refused[case] = {'message': str(e), 'written': os.path.exists(target)}
    out['refused'] = refused
    # The contract check before the gate (publish_gold.check_candidates): this run's candidate prefix
    # (_candidate/<run>/<table>/), every file read; a file whose column type differs from the contract's fails the
    # check and each table's verdict is kept next to the gate's results; nothing reaches gold.
    candidates = os.path.join(tmp, '_candidate')
    results = os.path.join(tmp, '_quality')
    template = dict(table, candidate=os.path.join(candidates, '{run}', 'policyholder_life_expectancy'))
    g.write.parquet(os.path.join(candidates, 'run-ok', 'policyholder_life_expectancy'))
    publish_gold.check_candidates(spark, [template], 'run-ok', results)
    # run-bad: one file of the right types, one whose age is bigint (a step that wrote one partition wrong).
    bad_candidate = os.path.join(candidates, 'run-bad', 'policyholder_life_expectancy')
    g.limit(3).write.parquet(bad_candidate)
    g.withColumn('age', g['age'].cast('bigint')).limit(3).write.mode('append').parquet(bad_candidate)
    gold_target = os.path.join(tmp, 'gold-after-bad-check')
    try:
        publish_gold.check_candidates(spark, [dict(template, location=gold_target)], 'run-bad', results)
        out['contractCheck'] = {'bad': None}
    except publish_gold.ContractViolation as e:
        out['contractCheck'] = {'bad': str(e), 'goldWritten': os.path.exists(gold_target)}
    verdict = lambda run: [r.asDict() for r in spark.read.json(os.path.join(results, 'policyholder_life_expectancy', 'contract', run)).collect()]
    out['contractCheck']['verdicts'] = {'run-ok': verdict('run-ok'), 'run-bad': verdict('run-bad')}
    # The publisher reads this run's candidate (the {run} template).
    publish_gold.run(spark, [dict(template, location=os.path.join(tmp, 'published-run-ok'))], 'run-ok')
    out['publishedRunRows'] = spark.read.parquet(os.path.join(tmp, 'published-run-ok')).count()
print('RESULT ' + json.dumps(out))
spark.stop()
