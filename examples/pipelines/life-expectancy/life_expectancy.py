"""
The life-expectancy transformation of the insurance producer, in plain PySpark: it runs in AWS Glue
(glue_clean.py and glue_score.py are its thin Glue wrappers), in local Spark (the tests, the benchmark)
and on any other Spark. Nothing here imports awsglue.

bronze  policyholder CSV: policy_id, name, birth_date, sex, smoker, bmi, country (all text, some malformed)
silver  clean(): typed, normalized, deduplicated policyholders, and the rejected rows with their reason
gold    score(): policy_id, customer_name, age, life_expectancy (the data contract's columns, in its order)

life_expectancy is the expected number of remaining years of life at the policyholder's completed age,
from the SSA 2017 period life table (reference/ssa_period_life_table_2017.csv: q(x) and e(x) by sex and
age, Social Security area population, as used in the 2020 Trustees Report), with the death
probabilities q(x) of every remaining year multiplied by hazard ratios for the documented risk factors
(proportional hazards):
  - current smoker: 2.8 (men), 3.0 (women), all-cause mortality of current smokers against never-smokers
    (Jha P, et al. 21st-Century Hazards of Smoking and Benefits of Cessation in the United States.
    N Engl J Med 2013;368:341-350);
  - body-mass index: the all-cause hazard ratios of the Global BMI Mortality Collaboration (Lancet
    2016;388:776-786) by BMI band, reference 22.5-25 kg/m2 (BMI_HAZARD below).
e = 0.5 + sum over t >= 1 of prod_{s < t} (1 - min(1, HR * q(x + s))): with HR = 1 it reproduces the published
e(x) to its rounding (0.005). An illustration of the pipeline, not an actuarial pricing basis.
"""
import csv
from datetime import date
from typing import Dict, List, Tuple

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

BRONZE_COLUMNS = ['policy_id', 'name', 'birth_date', 'sex', 'smoker', 'bmi', 'country']

#: Hazard ratios of current smokers against never-smokers, by sex (Jha et al. 2013).
SMOKER_HAZARD = {'M': 2.8, 'F': 3.0}

#: (lower bound inclusive, upper bound exclusive, hazard ratio) by BMI band (GBMC 2016, reference 22.5-25).
BMI_HAZARD: List[Tuple[float, float, float]] = [
    (15.0, 18.5, 1.51), (18.5, 20.0, 1.13), (20.0, 22.5, 1.00), (22.5, 25.0, 1.00), (25.0, 27.5, 1.07),
    (27.5, 30.0, 1.20), (30.0, 35.0, 1.45), (35.0, 40.0, 1.94), (40.0, 60.0, 2.76),
]
MIN_AGE, MAX_AGE = 18, 110
LAST_TABLE_AGE = 119

#: The silver table's columns and types.
SILVER_SCHEMA = T.StructType([
    T.StructField('policy_id', T.StringType(), False),
    T.StructField('customer_name', T.StringType(), False),
    T.StructField('birth_date', T.DateType(), False),
    T.StructField('sex', T.StringType(), False),
    T.StructField('smoker', T.BooleanType(), False),
    T.StructField('bmi', T.DoubleType(), False),
    T.StructField('country', T.StringType(), False),
])

#: The gold columns in the data contract's order (its types: string, string, int, double).
GOLD_COLUMNS = ['policy_id', 'customer_name', 'age', 'life_expectancy']

BRONZE_DDL = ', '.join(f'{c} string' for c in BRONZE_COLUMNS)
#: A comma outside double quotes: the field separator of the bronze CSV.
FIELD_SEPARATOR = r',(?=(?:[^"]*"[^"]*")*[^"]*$)'


def read_bronze(spark: SparkSession, path: str) -> DataFrame:
    """
    The bronze CSV as text columns. Spark's CSV reader fills a short row with nulls (it is not "corrupt" to it), so
    rows are read as lines: a line with another number of fields than the header keeps its text in _corrupt_record.
    Header lines (one per file) are dropped.
    """
    lines = spark.read.text(path)
    header = ','.join(BRONZE_COLUMNS)
    lines = lines.where((F.trim(F.col('value')) != header) & (F.trim(F.col('value')) != ''))
    fields = F.size(F.split(F.col('value'), FIELD_SEPARATOR))
    return lines.select(
        F.from_csv(F.col('value'), BRONZE_DDL).alias('r'),
        F.when(fields != len(BRONZE_COLUMNS), F.col('value')).alias('_corrupt_record'),
    ).select('r.*', '_corrupt_record')


def _age(birth: F.Column, as_of: date) -> F.Column:
    """Completed years between birth and as_of."""
    return F.floor(F.months_between(F.lit(as_of), birth) / 12).cast('int')


def clean(raw: DataFrame, as_of: date) -> Tuple[DataFrame, DataFrame]:
    """(silver, rejects): typed, normalized, deduplicated rows; the others with a `reason` each."""
    t = F.trim
    sex = F.upper(t(F.col('sex')))
    smoker = F.lower(t(F.col('smoker')))
    df = raw.select(
        '*',
        t(F.col('policy_id')).alias('_policy_id'),
        t(F.col('name')).alias('_name'),
        F.to_date(t(F.col('birth_date')), 'yyyy-MM-dd').alias('_birth_date'),
        F.when(sex.isin('M', 'MALE'), 'M').when(sex.isin('F', 'FEMALE'), 'F').alias('_sex'),
        F.when(smoker.isin('yes', 'y', 'true', '1'), True).when(smoker.isin('no', 'n', 'false', '0'), False).alias('_smoker'),
        F.when(t(F.col('bmi')).rlike(r'^[0-9]+(\.[0-9]+)?$'), t(F.col('bmi')).cast('double')).alias('_bmi'),
        F.upper(t(F.col('country'))).alias('_country'),
    )
    age = _age(F.col('_birth_date'), as_of)
    reason = (F.when(F.col('_corrupt_record').isNotNull(), 'malformed_row')
              .when(F.col('_policy_id').isNull() | ~F.col('_policy_id').rlike(r'^P[0-9]+$'), 'bad_policy_id')
              .when(F.col('_name').isNull() | (F.col('_name') == ''), 'bad_name')
              .when(F.col('_birth_date').isNull(), 'bad_birth_date')
              .when((age < MIN_AGE) | (age > MAX_AGE), 'age_out_of_range')
              .when(F.col('_sex').isNull(), 'bad_sex')
              .when(F.col('_smoker').isNull(), 'bad_smoker')
              .when(F.col('_bmi').isNull() | (F.col('_bmi') < BMI_HAZARD[0][0]) | (F.col('_bmi') >= BMI_HAZARD[-1][1]), 'bad_bmi')
              .when(F.col('_country').isNull() | ~F.col('_country').rlike('^[A-Z]{2}$'), 'bad_country'))
    # Both outputs (silver and rejects) read this plan: compute it once.
    df = df.withColumn('reason', reason).persist(StorageLevel.MEMORY_AND_DISK)
    typed = df.where(F.col('reason').isNull()).select(
        F.col('_policy_id').alias('policy_id'), F.col('_name').alias('customer_name'), F.col('_birth_date').alias('birth_date'),
        F.col('_sex').alias('sex'), F.col('_smoker').alias('smoker'), F.col('_bmi').alias('bmi'), F.col('_country').alias('country'))
    # Exact repeats collapse to one row; one policy_id with different contents is a conflict: all its rows are rejected.
    distinct = typed.dropDuplicates()
    versions = distinct.withColumn('_versions', F.count('*').over(Window.partitionBy('policy_id')))
    silver = versions.where(F.col('_versions') == 1).drop('_versions')
    conflicts = versions.where(F.col('_versions') > 1).select(
        F.col('policy_id'), F.col('customer_name').alias('name'), F.lit('conflicting_duplicate').alias('reason'))
    duplicates = (typed.groupBy(*typed.columns).count().where(F.col('count') > 1)
                  .select('policy_id', F.col('customer_name').alias('name'), F.lit('duplicate_row').alias('reason'), 'count'))
    duplicates = duplicates.select('policy_id', 'name', 'reason', F.explode(F.sequence(F.lit(2), F.col('count'))).alias('_n')).drop('_n')
    invalid = df.where(F.col('reason').isNotNull()).select(
        F.coalesce(F.col('_policy_id'), F.lit('')).alias('policy_id'), F.col('_name').alias('name'), 'reason')
    rejects = invalid.unionByName(conflicts).unionByName(duplicates)
    return spark_schema(silver, SILVER_SCHEMA), rejects


def spark_schema(df: DataFrame, schema: T.StructType) -> DataFrame:
    """`df` with exactly `schema`'s columns, in its order and types."""
    return df.select([F.col(f.name).cast(f.dataType).alias(f.name) for f in schema.fields])


def read_life_table(path: str) -> Dict[Tuple[str, str], List[float]]:
    """q(x) for x = 0..119 by (country, sex), from the reference CSV (country,sex,age,qx,ex)."""
    table: Dict[Tuple[str, str], Dict[int, float]] = {}
    with open(path, newline='') as f:
        for row in csv.DictReader(f):
            table.setdefault((row['country'], row['sex']), {})[int(row['age'])] = float(row['qx'])
    out = {}
    for key, by_age in table.items():
        if sorted(by_age) != list(range(LAST_TABLE_AGE + 1)):
            raise ValueError(f'life table {key}: ages must be 0..{LAST_TABLE_AGE}, each once')
        out[key] = [by_age[x] for x in range(LAST_TABLE_AGE + 1)]
    return out


def remaining_years(qx: List[float], age: int, hazard: float) -> float:
    """Expected remaining years at exact age `age` when every q(x) is multiplied by `hazard` (capped at 1)."""
    alive, total = 1.0, 0.0
    for x in range(age, len(qx)):
        alive *= 1.0 - min(1.0, hazard * qx[x])
        total += alive
    return 0.5 + total


def bmi_band(bmi: F.Column) -> F.Column:
    """The index of a BMI's band in BMI_HAZARD."""
    expr = None
    for i, (lo, hi, _) in enumerate(BMI_HAZARD):
        cond = (bmi >= lo) & (bmi < hi)
        expr = F.when(cond, i) if expr is None else expr.when(cond, i)
    return expr


def expectancy_table(spark: SparkSession, life_table: Dict[Tuple[str, str], List[float]]) -> DataFrame:
    """life_expectancy for every (country, sex, age, smoker, BMI band): a few thousand rows, joined by broadcast."""
    rows = []
    for (country, sex), qx in life_table.items():
        for smoker in (False, True):
            for band, (_, _, bmi_hr) in enumerate(BMI_HAZARD):
                hazard = (SMOKER_HAZARD[sex] if smoker else 1.0) * bmi_hr
                for age in range(MIN_AGE, MAX_AGE + 1):
                    rows.append((country, sex, age, smoker, band, round(remaining_years(qx, age, hazard), 2)))
    schema = 'country string, sex string, age int, smoker boolean, band int, life_expectancy double'
    return spark.createDataFrame(rows, schema)


def score(silver: DataFrame, expectancies: DataFrame, as_of: date) -> Tuple[DataFrame, DataFrame]:
    """(gold, rejects): the contract's columns for rows with a life table; the others with reason no_life_table."""
    keyed = silver.select('*', _age(F.col('birth_date'), as_of).alias('age'), bmi_band(F.col('bmi')).alias('band'))
    joined = keyed.join(F.broadcast(expectancies), ['country', 'sex', 'age', 'smoker', 'band'], 'left')
    gold = joined.where(F.col('life_expectancy').isNotNull()).select(*GOLD_COLUMNS)
    rejects = joined.where(F.col('life_expectancy').isNull()).select(
        'policy_id', F.col('customer_name').alias('name'), F.lit('no_life_table').alias('reason'))
    return gold, rejects


def counts(rejects: DataFrame) -> Dict[str, int]:
    """Rejected rows by reason."""
    return {r['reason']: r['count'] for r in rejects.groupBy('reason').count().collect()}
