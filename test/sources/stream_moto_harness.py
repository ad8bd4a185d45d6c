"""The StreamSource's delivery path against moto server, from the synthesized template: the bronze bucket, the KMS key,
the Kinesis stream (encrypted with the key), the bronze Glue table and the Firehose delivery stream are created with the
template's own properties (botocore checks each request against the service's API model), records are put to the
stream, and land under the bronze prefix.

moto's Firehose does not read a Kinesis source by itself: this harness reads the stream (GetShardIterator, GetRecords,
as Firehose does) and hands the records to the delivery stream (PutRecordBatch). moto then writes them to S3 under the
configured Prefix as they are: it evaluates no !{...} expression, converts nothing to Parquet and runs no processor
(docs/sources.md says how those parts are tested instead).
"""
import json
import sys

import boto3

endpoint, template_path, stack_region = sys.argv[1:4]
template = json.load(open(template_path))
resources = template["Resources"]
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=stack_region)
client = lambda name: session.client(name, endpoint_url=endpoint)  # noqa: E731
s3, kms, kinesis, glue, firehose, logs = (client(n) for n in ("s3", "kms", "kinesis", "glue", "firehose", "logs"))


def of_type(t, prefix=""):
    return {k: v for k, v in resources.items() if v["Type"] == t and k.startswith(prefix)}


bucket_id, bucket = next((k, v) for k, v in of_type("AWS::S3::Bucket").items() if k.startswith("LakeBronzeBucket"))
bucket_name = bucket["Properties"]["BucketName"]
s3.create_bucket(Bucket=bucket_name, CreateBucketConfiguration={"LocationConstraint": stack_region})
key = kms.create_key(Description="bronze")["KeyMetadata"]
stream_id, stream = next(iter(of_type("AWS::Kinesis::Stream", "Trades").items()))
kinesis.create_stream(StreamName="trades", StreamModeDetails=stream["Properties"]["StreamModeDetails"])
kinesis.start_stream_encryption(StreamName="trades", EncryptionType=stream["Properties"]["StreamEncryption"]["EncryptionType"], KeyId=key["KeyId"])
stream_arn = kinesis.describe_stream_summary(StreamName="trades")["StreamDescriptionSummary"]["StreamARN"]
log_group_id = next(iter(of_type("AWS::Logs::LogGroup", "Trades")))
logs.create_log_group(logGroupName="trades-delivery")
logs.create_log_stream(logGroupName="trades-delivery", logStreamName="S3Delivery")

refs = {bucket_id: {"Arn": "arn:aws:s3:::" + bucket_name}, stream_id: {"Arn": stream_arn}}
for k in of_type("AWS::KMS::Key"):
    refs[k] = {"Arn": key["Arn"]}
for k in of_type("AWS::IAM::Role"):
    refs[k] = {"Arn": "arn:aws:iam::123456789012:role/" + k}
names = {log_group_id: "trades-delivery"}
for k in of_type("AWS::Logs::LogStream", "Trades"):
    names[k] = "S3Delivery"


def resolve(v):
    if isinstance(v, dict):
        if "Fn::GetAtt" in v:
            rid, attr = v["Fn::GetAtt"]
            return refs[rid][attr]
        if "Ref" in v:
            if v["Ref"] == "AWS::Region":
                return stack_region
            if v["Ref"] == "AWS::AccountId":
                return "123456789012"
            return names[v["Ref"]]
        if "Fn::Join" in v:
            sep, parts = v["Fn::Join"]
            return sep.join(str(resolve(p)) for p in parts)
        return {k: resolve(x) for k, x in v.items()}
    if isinstance(v, list):
        return [resolve(x) for x in v]
    return v


db = next(v for v in of_type("AWS::Glue::Database").values() if v["Properties"]["DatabaseInput"]["Name"].endswith("_bronze"))
glue.create_database(DatabaseInput={"Name": db["Properties"]["DatabaseInput"]["Name"]})
table = resolve(next(iter(of_type("AWS::Glue::Table", "Trades").values()))["Properties"])
glue.create_table(DatabaseName=table["DatabaseName"], TableInput=table["TableInput"])

delivery = resolve(next(iter(of_type("AWS::KinesisFirehose::DeliveryStream", "Trades").values()))["Properties"])
destination = delivery["ExtendedS3DestinationConfiguration"]
destination["DataFormatConversionConfiguration"]["SchemaConfiguration"]["CatalogId"] = "123456789012"
firehose.create_delivery_stream(
    DeliveryStreamName="trades",
    DeliveryStreamType=delivery["DeliveryStreamType"],
    KinesisStreamSourceConfiguration=delivery["KinesisStreamSourceConfiguration"],
    ExtendedS3DestinationConfiguration=destination,
)
described = firehose.describe_delivery_stream(DeliveryStreamName="trades")["DeliveryStreamDescription"]

trades = [{"trade_id": "T%d" % i, "portfolio_id": "PF-1", "desk": "fx" if i % 2 else "rates", "isin": "XS000000000%d" % i,
           "quantity": 100 * i, "price": "101.25", "traded_at": "2026-12-02 10:00:0%d" % i} for i in range(6)]
put = kinesis.put_records(StreamName="trades", Records=[{"Data": (json.dumps(t) + "\n").encode(), "PartitionKey": t["desk"]} for t in trades])

# Firehose's side of a Kinesis source (moto has none): read every shard from the start, deliver what was read.
read = []
for shard in kinesis.list_shards(StreamName="trades")["Shards"]:
    it = kinesis.get_shard_iterator(StreamName="trades", ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    read += kinesis.get_records(ShardIterator=it, Limit=1000)["Records"]
firehose.put_record_batch(DeliveryStreamName="trades", Records=[{"Data": r["Data"]} for r in read])

objects = s3.list_objects_v2(Bucket=bucket_name).get("Contents", [])
delivered = []
for o in objects:
    body = s3.get_object(Bucket=bucket_name, Key=o["Key"])["Body"].read().decode()
    delivered += [json.loads(line) for line in body.splitlines() if line.strip()]
print("RESULT " + json.dumps({
    "failedPuts": put["FailedRecordCount"],
    "streamEncryption": kinesis.describe_stream_summary(StreamName="trades")["StreamDescriptionSummary"]["EncryptionType"],
    "keys": [o["Key"] for o in objects],
    "delivered": sorted(delivered, key=lambda t: t["trade_id"]),
    "sent": trades,
    "tableColumns": [c["Name"] for c in glue.get_table(DatabaseName=table["DatabaseName"], Name="trades")["Table"]["StorageDescriptor"]["Columns"]],
    "destination": described["Destinations"][0].get("ExtendedS3DestinationDescription", {}),
    "source": described.get("Source", {}),
}, default=str))
