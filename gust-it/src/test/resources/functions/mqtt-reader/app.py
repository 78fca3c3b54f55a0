"""Prints each MQTT message of a batch: "MQTT <topic> <payload>" (payloads arrive base64)."""
import base64


def handler(event, context):
    assert event["eventSource"] == "gust:mqtt"
    for r in event["records"]:
        print("MQTT " + r["topic"] + " " + base64.b64decode(r["payload"]).decode(), flush=True)
    print("BATCH " + str(len(event["records"])), flush=True)
    return {"received": len(event["records"])}
