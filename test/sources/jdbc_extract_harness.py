"""Runs the JdbcSource extraction script (glue-scripts/jdbc_extract.py) in local Spark against a real PostgreSQL:
three runs with changes in between, then reads the Parquet back. Prints one JSON document for the test."""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "glue-scripts"))
import jdbc_extract  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

url, user, jar, target, bookmarks_path = sys.argv[1:6]
TABLES = json.dumps([
    {"table": "public.claims", "name": "claims", "mode": "incremental", "key": "claim_id", "columns": [
        {"name": "claim_id", "type": "bigint"}, {"name": "policy_id", "type": "string"}, {"name": "claim_date", "type": "date"},
        {"name": "amount", "type": "decimal(18,2)"}, {"name": "status", "type": "string"}]},
    {"table": "public.claim_status_codes", "name": "status_codes", "mode": "full", "columns": [
        {"name": "code", "type": "string"}, {"name": "label", "type": "string"}]},
])

spark = (SparkSession.builder.master("local[1]").appName("jdbc-extract-test").config("spark.jars", jar)
         .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")


def sql(statement):
    conn = spark._jvm.java.sql.DriverManager.getConnection(url, user, "")
    try:
        conn.createStatement().execute(statement)
    finally:
        conn.close()


def extract(date):
    bookmarks = jdbc_extract.FileBookmarks(bookmarks_path)
    read = jdbc_extract.jdbc_reader(spark, url, user, "", "org.postgresql.Driver")
    summary = jdbc_extract.run(spark, read, jdbc_extract.parse_tables(TABLES), target, date, bookmarks)
    bookmarks.commit()
    return summary


def contents(name):
    df = spark.read.parquet(target + name + "/")
    rows = [{k: (str(v) if v is not None else None) for k, v in r.asDict().items()} for r in df.orderBy(*df.columns).collect()]
    return {
        "schema": [(f.name, f.dataType.simpleString()) for f in df.schema.fields],
        "rows": rows,
        "partitions": sorted(os.path.basename(p) for p in glob.glob(target + name + "/extraction_date=*")),
    }


out = {}
sql("CREATE TABLE claims (claim_id bigint PRIMARY KEY, policy_id text, claim_date date, amount numeric(18,2), status text, internal_note text)")
sql("INSERT INTO claims VALUES (1, 'P-1', '2026-11-01', 100.50, 'open', 'x'), (2, 'P-2', '2026-11-02', 2000.00, 'paid', 'y'),"
    " (3, 'P-1', '2026-11-20', 35.25, 'open', NULL)")
sql("CREATE TABLE claim_status_codes (code text, label text)")
sql("INSERT INTO claim_status_codes VALUES ('open', 'Open'), ('paid', 'Paid')")
out["run1"] = extract("2026-12-01")
out["bookmarks1"] = json.load(open(bookmarks_path))
sql("INSERT INTO claims VALUES (4, 'P-3', '2026-12-01', 10.00, 'open', NULL), (5, 'P-2', '2026-12-02', 99.99, 'open', NULL)")
sql("UPDATE claims SET status = 'paid' WHERE claim_id = 1")
sql("UPDATE claim_status_codes SET label = 'Settled' WHERE code = 'paid'")
out["run2"] = extract("2026-12-02")
out["run3"] = extract("2026-12-02")
out["claims"] = contents("claims")
out["status_codes"] = contents("status_codes")
print("RESULT " + json.dumps(out))
spark.stop()
