"""
The life-expectancy transformation's throughput in local Spark (issue 16): generates N policyholder rows as bronze
CSV (default 1,000,000; about 2% malformed or duplicated), runs glue_clean.run (bronze -> silver) and glue_score.run
(silver -> gold) as Glue would, and records the wall time, rows per second and rows per second per core in
docs/bench/pipeline.json and docs/bench/pipeline.md, with the Glue sizing they imply.

Usage: .engines/venv/bin/python scripts/bench-pipeline.py [--rows N] [--cores C]   (CPU heavy: run it alone)
"""
import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
SAMPLE = os.path.join(ROOT, 'examples', 'pipelines', 'life-expectancy')
sys.path.insert(0, SAMPLE)

from pyspark.sql import SparkSession, functions as F  # noqa: E402

import glue_clean  # noqa: E402
import glue_score  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument('--rows', type=int, default=1_000_000)
parser.add_argument('--cores', type=int, default=2)
args = parser.parse_args()

spark = (SparkSession.builder.master(f'local[{args.cores}]').appName('life-expectancy-bench')
         .config('spark.ui.enabled', 'false').config('spark.sql.shuffle.partitions', str(args.cores * 4))
         .config('spark.driver.memory', '2g').config('spark.sql.session.timeZone', 'UTC').getOrCreate())
spark.sparkContext.setLogLevel('ERROR')
AS_OF = '2026-01-01'

with tempfile.TemporaryDirectory() as tmp:
    bronze = os.path.join(tmp, 'bronze')
    t0 = time.time()
    ids = spark.range(args.rows)
    # Deterministic synthetic rows: ages 18-95, both sexes, 15% smokers, BMI 16-45, 2% bad BMI, 1% other countries.
    df = ids.select(
        F.format_string('P%09d', F.when(F.col('id') % 100 == 7, F.col('id') - 1).otherwise(F.col('id'))).alias('policy_id'),
        F.format_string('Customer %d', F.col('id')).alias('name'),
        F.date_format(F.date_sub(F.lit(AS_OF).cast('date'), (18 * 365 + (F.col('id') * 7919) % (77 * 365)).cast('int')), 'yyyy-MM-dd').alias('birth_date'),
        F.when(F.col('id') % 2 == 0, 'F').otherwise('M').alias('sex'),
        F.when(F.col('id') % 20 < 3, 'yes').otherwise('no').alias('smoker'),
        F.when(F.col('id') % 50 == 3, 'n/a').otherwise(F.format_string('%.1f', 16 + (F.col('id') * 37 % 290) / 10.0)).alias('bmi'),
        F.when(F.col('id') % 100 == 11, 'FR').otherwise('US').alias('country'),
    )
    df.write.option('header', 'true').csv(bronze)
    generate = time.time() - t0
    timings = {}
    t0 = time.time()
    glue_clean.run(spark, {'input_path': bronze, 'output_path': os.path.join(tmp, 'silver'), 'rejects_path': os.path.join(tmp, 'rej1'), 'as_of': AS_OF})
    timings['clean'] = time.time() - t0
    t0 = time.time()
    glue_score.run(spark, {'input_path': os.path.join(tmp, 'silver'), 'output_path': os.path.join(tmp, 'gold'), 'rejects_path': os.path.join(tmp, 'rej2'),
                           'life_table_path': os.path.join(SAMPLE, 'reference', 'ssa_period_life_table_2017.csv'), 'as_of': AS_OF})
    timings['score'] = time.time() - t0
    gold_rows = spark.read.parquet(os.path.join(tmp, 'gold')).count()
    silver_rows = spark.read.parquet(os.path.join(tmp, 'silver')).count()

total = timings['clean'] + timings['score']
result = {
    'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
    'rows': args.rows,
    'cores': args.cores,
    'silverRows': silver_rows,
    'goldRows': gold_rows,
    'seconds': {k: round(v, 1) for k, v in timings.items()} | {'generate': round(generate, 1), 'total': round(total, 1)},
    'rowsPerSecond': round(args.rows / total),
    'rowsPerSecondPerCore': round(args.rows / total / args.cores),
    'machine': f'{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, Spark {spark.version}',
    'loadAverageAfter': round(os.getloadavg()[0], 1),
}
spark.stop()
per_core = result['rowsPerSecondPerCore']


def workers(rows, minutes, cores_per_worker=4):
    """G.1X workers (4 vCPUs each) plus the driver for `rows` in `minutes`, if Glue cores were as fast as local ones."""
    cores = rows / (per_core * minutes * 60)
    return max(2, int(-(-cores // cores_per_worker)) + 1)


sizing = [(r, m, workers(r, m)) for r, m in [(10_000_000, 10), (100_000_000, 15), (1_000_000_000, 30)]]
result['sizing'] = [{'rows': r, 'minutes': m, 'g1xWorkers': w} for r, m, w in sizing]
out = os.path.join(ROOT, 'docs', 'bench')
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, 'pipeline.json'), 'w') as f:
    json.dump(result, f, indent=2)
    f.write('\n')
lines = [
    '# Life-expectancy pipeline: throughput in local Spark',
    '',
    f"Recorded by `npm run bench:pipeline` (scripts/bench-pipeline.py) on {result['date']}: {args.rows:,} generated policyholder rows, "
    f"local Spark with {args.cores} cores ({result['machine']}; a shared machine, load average {result['loadAverageAfter']} at the end: "
    'other processes took part of the cores, so the rates below understate them).',
    '',
    '| step | seconds |',
    '|---|---|',
    f"| generate bronze CSV (not part of the pipeline) | {result['seconds']['generate']} |",
    f"| clean: bronze CSV -> silver Parquet | {result['seconds']['clean']} |",
    f"| score: silver -> gold (life table broadcast join) | {result['seconds']['score']} |",
    f"| **clean + score** | **{result['seconds']['total']}** |",
    '',
    f"Silver rows: {silver_rows:,}; gold rows: {gold_rows:,}. Throughput: {result['rowsPerSecond']:,} rows/s, "
    f"**{per_core:,} rows/s per core**.",
    '',
    '## The Glue sizing it implies',
    '',
    'A G.1X worker has 4 vCPUs and 16 GB; one worker is the driver. A Glue executor core reads and writes S3 (slower than a local',
    'disk) and a run adds about a minute of start-up; the measured rate understates a free core. Taking the per-core rate as it is',
    'for a Glue core, the workers for a run of the two steps (a conservative sizing; measure a first run and adjust):',
    '',
    '| rows per run | target minutes | G.1X workers (incl. driver) |',
    '|---|---|---|',
    *[f'| {r:,} | {m} | {w} |' for r, m, w in sizing],
    '',
    'The default (2 x G.1X) covers the sample and a few million rows per run. See docs/pipelines.md, "Sizing Glue workers".',
    '',
]
with open(os.path.join(out, 'pipeline.md'), 'w') as f:
    f.write('\n'.join(lines))
print(json.dumps(result))
