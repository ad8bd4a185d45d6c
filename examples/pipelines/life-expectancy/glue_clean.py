"""Glue job bronze -> silver: a thin wrapper of life_expectancy.clean (arguments: --input_path --output_path --rejects_path [--as_of])."""
import json
import sys
from datetime import date

import life_expectancy as le


def run(spark, args):
    as_of = date.fromisoformat(args['as_of']) if args.get('as_of') else date.today()
    silver, rejects = le.clean(le.read_bronze(spark, args['input_path']), as_of)
    silver.write.mode('overwrite').parquet(args['output_path'])
    rejects.write.mode('overwrite').parquet(args['rejects_path'])
    print(json.dumps({'step': 'clean', 'rejected': le.counts(rejects)}))


if __name__ == '__main__':
    from awsglue.context import GlueContext  # only in Glue
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    names = ['input_path', 'output_path', 'rejects_path']
    optional = [n for n in ['as_of'] if f'--{n}' in sys.argv]
    run(GlueContext(SparkContext.getOrCreate()).spark_session, getResolvedOptions(sys.argv, names + optional))
