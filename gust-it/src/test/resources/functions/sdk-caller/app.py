"""Uses boto3 unmodified: no endpoint_url in the code; AWS_ENDPOINT_URL from the instance points at Gust."""
import json

import boto3


def handler(event, context):
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=event["queue"])["QueueUrl"]
    sent = sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"from": context.function_name}))
    answer = boto3.client("lambda").invoke(
        FunctionName=event["function"], Payload=json.dumps({"n": "called-by-sdk"}).encode())
    return {"messageId": sent["MessageId"], "status": answer["StatusCode"],
            "payload": json.loads(answer["Payload"].read())}
