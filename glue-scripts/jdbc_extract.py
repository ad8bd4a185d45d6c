"""Extraction job of a cdk-data-mesh JdbcSource: copies chosen tables of a PostgreSQL or MySQL database into the
producer's bronze bucket as Parquet, partitioned by extraction date (`extraction_date=YYYY-MM-DD/`).

Each table is copied in full (the day's partition is replaced) or incrementally by a key column: only rows whose
key is greater than the largest key of the previous run are read and appended. On AWS Glue the previous run's
largest key is a Glue job bookmark (`jobBookmarkKeys`, committed at the end of the run); in plain Spark (the tests)
it is a JSON file with the same meaning. Everything else -- the plan, the casts to the declared columns, the
partitioned write -- is this module's plain Spark, the same on both.

Glue arguments (the JdbcSource construct sets them): --engine, --connection_name, --tables (JSON), --target.
"""
import datetime
import json
import os
import sys

PARTITION_COLUMN = "extraction_date"
MODES = ("full", "incremental")


def parse_tables(text):
    """The extraction plan: a list of {table, name, mode, key, columns: [{name, type}]}, checked."""
    specs = json.loads(text)
    if not isinstance(specs, list) or not specs:
        raise ValueError("--tables must be a non-empty JSON list")
    for spec in specs:
        for field in ("table", "name", "mode", "columns"):
            if field not in spec:
                raise ValueError("table spec %r has no %r" % (spec, field))
        if spec["mode"] not in MODES:
            raise ValueError("table %s: mode %r is not one of %s" % (spec["table"], spec["mode"], MODES))
        if spec["mode"] == "incremental" and not spec.get("key"):
            raise ValueError("table %s: incremental mode needs a key column" % spec["table"])
    return specs


def sql_literal(value):
    """A bookmark value as a SQL literal: numbers as they are, anything else quoted."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a bookmark key value")
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def increment_query(spec, since):
    """The query of one run: the whole table, or the rows whose key is greater than `since` (ascending)."""
    if spec["mode"] == "full" or since is None:
        return "SELECT * FROM %s" % spec["table"]
    return "SELECT * FROM %s WHERE %s > %s" % (spec["table"], spec["key"], sql_literal(since))


def conform(df, spec):
    """The declared columns, in order, cast to their declared types (the bronze table's schema)."""
    from pyspark.sql import functions as F

    present = {c.lower(): c for c in df.columns}
    missing = [c["name"] for c in spec["columns"] if c["name"].lower() not in present]
    if missing:
        raise ValueError("table %s has no column %s (it has %s)" % (spec["table"], ", ".join(missing), ", ".join(df.columns)))
    return df.select([F.col(present[c["name"].lower()]).cast(c["type"]).alias(c["name"]) for c in spec["columns"]])


def bookmark_value(df, spec):
    """The largest key of the rows read (the next run reads only greater keys), or None."""
    if spec["mode"] != "incremental":
        return None
    from pyspark.sql import functions as F

    row = df.agg(F.max(F.col(spec["key"])).alias("m")).collect()[0]
    value = row["m"]
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return str(value)


def write_bronze(df, target, spec, extraction_date):
    """Writes the rows under <target><name>/extraction_date=<date>/ as Parquet; returns the number of rows."""
    from pyspark.sql import functions as F

    out = df.withColumn(PARTITION_COLUMN, F.lit(extraction_date))
    path = target.rstrip("/") + "/" + spec["name"] + "/"
    # full: the day's partition is replaced (a rerun the same day gives the same data); incremental: appended.
    mode = "overwrite" if spec["mode"] == "full" else "append"
    out.write.mode(mode).partitionBy(PARTITION_COLUMN).parquet(path)
    return df.count()


def run(spark, read, specs, target, extraction_date, bookmarks):
    """One extraction: for each table, read (full or since its bookmark), conform, write; returns a summary.

    `read(spec, since)` returns a DataFrame; `bookmarks` has get(name) and put(name, value).
    """
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    summary = []
    for spec in specs:
        since = bookmarks.get(spec["name"]) if spec["mode"] == "incremental" else None
        raw = read(spec, since)
        df = conform(raw, spec).cache()
        rows = write_bronze(df, target, spec, extraction_date)
        top = bookmark_value(df, spec)
        if top is not None:
            bookmarks.put(spec["name"], top)
        df.unpersist()
        summary.append({"table": spec["table"], "name": spec["name"], "mode": spec["mode"], "rows": rows, "since": since, "bookmark": top})
    return summary


# --- plain Spark (tests, local runs) ------------------------------------------------------------------------------


class FileBookmarks(object):
    """Glue job bookmarks' meaning, kept in a JSON file: the largest key copied per table."""

    def __init__(self, path):
        self.path = path
        self.values = json.load(open(path)) if os.path.exists(path) else {}

    def get(self, name):
        return self.values.get(name)

    def put(self, name, value):
        self.values[name] = value

    def commit(self):
        with open(self.path, "w") as f:
            json.dump(self.values, f)


def jdbc_reader(spark, url, user, password, driver):
    """read(spec, since) over Spark's JDBC data source."""

    def read(spec, since):
        return (spark.read.format("jdbc").option("url", url).option("user", user).option("password", password)
                .option("driver", driver).option("query", increment_query(spec, since)).load())

    return read


def main_local(argv):
    """python jdbc_extract.py --local URL USER PASSWORD DRIVER TABLES_JSON TARGET DATE BOOKMARKS_FILE"""
    from pyspark.sql import SparkSession

    url, user, password, driver, tables, target, date, bookmarks_path = argv
    spark = SparkSession.builder.appName("jdbc_extract").getOrCreate()
    bookmarks = FileBookmarks(bookmarks_path)
    summary = run(spark, jdbc_reader(spark, url, user, password, driver), parse_tables(tables), target, date, bookmarks)
    bookmarks.commit()
    print(json.dumps(summary))
    return summary


# --- AWS Glue (a thin wrapper: only the read and the bookmark store differ) ---------------------------------------


class GlueBookmarks(object):
    """Glue keeps the bookmark itself (jobBookmarkKeys); job.commit() saves it at the end of the run."""

    def get(self, name):
        return "glue-bookmark"

    def put(self, name, value):
        pass


def glue_reader(glue_context, engine, connection_name):
    """read(spec, since) over a Glue connection; incremental tables are read with Glue job bookmarks on their key."""

    def read(spec, since):
        options = {"useConnectionProperties": "true", "connectionName": connection_name, "dbtable": spec["table"]}
        if spec["mode"] == "incremental":
            options["jobBookmarkKeys"] = [spec["key"]]
            options["jobBookmarkKeysSortOrder"] = "asc"
            frame = glue_context.create_dynamic_frame.from_options(
                connection_type=engine, connection_options=options, transformation_ctx="bookmark_" + spec["name"])
        else:
            frame = glue_context.create_dynamic_frame.from_options(connection_type=engine, connection_options=options)
        return frame.toDF()

    return read


def main_glue():
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext

    args = getResolvedOptions(sys.argv, ["JOB_NAME", "engine", "connection_name", "tables", "target"])
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    summary = run(glue_context.spark_session, glue_reader(glue_context, args["engine"], args["connection_name"]),
                  parse_tables(args["tables"]), args["target"], today, GlueBookmarks())
    print(json.dumps(summary))
    job.commit()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--local":
        main_local(sys.argv[2:])
    else:
        main_glue()
