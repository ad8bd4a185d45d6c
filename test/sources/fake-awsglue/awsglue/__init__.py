"""A stand-in for AWS Glue's `awsglue` library (not on PyPI): the calls of Glue's documented API that the JdbcSource's
extraction script makes, recorded to $FAKE_GLUE_RECORD, answered with plain Spark. A JDBC read through a Glue connection
is Spark's JDBC source on $FAKE_GLUE_JDBC_URL; `jobBookmarkKeys` filters on the key like a Glue job bookmark
(AWS Glue developer guide, "Tracking processed data using job bookmarks": greater than the last committed maximum,
ascending), kept in $FAKE_GLUE_BOOKMARKS and committed by Job.commit()."""
import json
import os


def record(call, **kwargs):
    path = os.environ["FAKE_GLUE_RECORD"]
    calls = json.load(open(path)) if os.path.exists(path) else []
    calls.append(dict(call=call, **kwargs))
    json.dump(calls, open(path, "w"))
