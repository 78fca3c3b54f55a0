"""boto3, unmodified, against Gust's SQS: send, receive and delete, with the digests checked.

Usage: python3 boto3_roundtrip.py <endpoint>. Prints "boto3 ok" and exits 0 when every check holds.
"""
import hashlib
import sys

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
sqs = boto3.client(
    "sqs",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="any-secret",
)

url = sqs.create_queue(QueueName="boto3-queue", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
assert url == endpoint + "/000000000000/boto3-queue", url
assert url in sqs.list_queues(QueueNamePrefix="boto3")["QueueUrls"]

sent = sqs.send_message(
    QueueUrl=url,
    MessageBody="from boto3 \u2603",
    MessageAttributes={
        "k": {"DataType": "String", "StringValue": "v"},
        "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
    },
)
assert sent["MD5OfMessageBody"] == hashlib.md5("from boto3 \u2603".encode()).hexdigest(), sent
assert "MD5OfMessageAttributes" in sent, sent

batch = sqs.send_message_batch(
    QueueUrl=url,
    Entries=[{"Id": "one", "MessageBody": "1"}, {"Id": "two", "MessageBody": "2"}],
)
assert [e["Id"] for e in batch["Successful"]] == ["one", "two"], batch

got = sqs.receive_message(
    QueueUrl=url,
    MaxNumberOfMessages=10,
    MessageAttributeNames=["All"],
    MessageSystemAttributeNames=["All"],
    WaitTimeSeconds=1,
)
messages = got["Messages"]
assert [m["Body"] for m in messages] == ["from boto3 \u2603", "1", "2"], messages
first = messages[0]
assert first["MessageAttributes"]["b"]["BinaryValue"] == b"\x00\x01\xff", first
assert first["MessageAttributes"]["k"]["StringValue"] == "v", first
assert first["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"], first
assert first["Attributes"]["ApproximateReceiveCount"] == "1", first

for m in messages:
    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
assert attributes["ApproximateNumberOfMessages"] == "0", attributes
assert attributes["ApproximateNumberOfMessagesNotVisible"] == "0", attributes

try:
    sqs.get_queue_url(QueueName="missing")
    raise AssertionError("get_queue_url of a missing queue succeeded")
except ClientError as e:
    error = e.response["Error"]
    assert error["Code"] == "AWS.SimpleQueueService.NonExistentQueue", error
    assert error.get("QueryErrorCode") == "QueueDoesNotExist", error
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response

sqs.delete_queue(QueueUrl=url)
print("boto3 ok")
