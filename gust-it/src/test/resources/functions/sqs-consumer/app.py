"""A function for the event source mapping tests: it consumes Lambda's SQS event.

It prints "BATCH <n>" per invocation and "GOT <body> receive=<ApproximateReceiveCount>" per
record; with SHOW_EVENT=1 also "EVENT <the event as JSON>". A body containing "poison" fails the
whole invocation. A body starting with "bad" is reported in batchItemFailures on its first receive
(the mapping uses the answer only with FunctionResponseTypes ReportBatchItemFailures).
"""
import json
import os


def handler(event, context):
    records = event.get("Records", [])
    print("BATCH %d" % len(records), flush=True)
    if os.environ.get("SHOW_EVENT") == "1":
        print("EVENT " + json.dumps(event, separators=(",", ":")), flush=True)
    failures = []
    for record in records:
        body = record["body"]
        receive = record["attributes"]["ApproximateReceiveCount"]
        print("GOT %s receive=%s" % (body, receive), flush=True)
        if "poison" in body:
            raise RuntimeError("poisoned message: " + body)
        if body.startswith("bad") and receive == "1":
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
