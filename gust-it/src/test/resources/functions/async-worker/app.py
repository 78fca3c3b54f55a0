"""A function for the durable asynchronous invocation tests.

An event {"n": ...} prints "RAN <n>" and fails when FAIL=1 is set or the event says "fail".
A destination record (it has requestContext and requestPayload) is printed as "DESTINATION <json>".
"""
import json
import os


def handler(event, context):
    if isinstance(event, dict) and "requestContext" in event and "requestPayload" in event:
        print("DESTINATION " + json.dumps(event, separators=(",", ":")), flush=True)
        return {"recorded": True}
    print("RAN " + str(event.get("n")), flush=True)
    if os.environ.get("FAIL") == "1" or event.get("fail"):
        raise RuntimeError("failing on purpose: " + str(event.get("n")))
    return {"n": event.get("n")}
