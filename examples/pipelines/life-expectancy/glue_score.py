"""Glue job silver -> gold: a thin wrapper of life_expectancy.score (arguments: --input_path --output_path --rejects_path --life_table_path [--as_of])."""
import json
import sys
from datetime import date

import life_expectancy as le


def run(spark, args):
    as_of = date.fromisoformat(args['as_of']) if args.get('as_of') else date.today()
    table = le.expectancy_table(spark, le.read_life_table(args['life_table_path']))
    gold, rejects = le.score(spark.read.parquet(args['input_path']), table, as_of)
    gold.write.mode('overwrite').parquet(args['output_path'])
    rejects.write.mode('overwrite').parquet(args['rejects_path'])
    print(json.dumps({'step': 'score', 'rejected': le.counts(rejects)}))


if __name__ == '__main__':
    from awsglue.context import GlueContext  # only in Glue
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    names = ['input_path', 'output_path', 'rejects_path', 'life_table_path']
    optional = [n for n in ['as_of'] if f'--{n}' in sys.argv]
    run(GlueContext(SparkContext.getOrCreate()).spark_session, getResolvedOptions(sys.argv, names + optional))
