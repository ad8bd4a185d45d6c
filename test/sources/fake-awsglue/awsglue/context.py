import json
import os

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from . import record
from .job import Job


class _Frame(object):
    def __init__(self, df):
        self._df = df

    def toDF(self):
        return self._df


class _Creator(object):
    def __init__(self, spark):
        self.spark = spark

    def from_options(self, connection_type, connection_options, transformation_ctx=None):
        record("create_dynamic_frame.from_options", connection_type=connection_type, connection_options=connection_options,
               transformation_ctx=transformation_ctx)
        table = connection_options["dbtable"]
        query = "SELECT * FROM %s" % table
        keys = connection_options.get("jobBookmarkKeys")
        state = {}
        path = os.environ["FAKE_GLUE_BOOKMARKS"]
        if os.path.exists(path):
            state = json.load(open(path))
        if keys and transformation_ctx and transformation_ctx in state:
            query += " WHERE %s > %s" % (keys[0], state[transformation_ctx])
        df = (self.spark.read.format("jdbc").option("url", os.environ["FAKE_GLUE_JDBC_URL"]).option("user", os.environ["FAKE_GLUE_JDBC_USER"])
              .option("password", "").option("driver", "org.postgresql.Driver").option("query", query).load())
        if keys and transformation_ctx:
            top = df.agg(F.max(keys[0])).collect()[0][0]
            if top is not None:
                Job.pending[transformation_ctx] = int(top)
        return _Frame(df)


class GlueContext(object):
    def __init__(self, spark_context):
        self.spark_session = SparkSession.builder.getOrCreate()
        self.create_dynamic_frame = _Creator(self.spark_session)
