"""Prints which schedule fired it and for which scheduled time: "FIRED <rule> <time>"."""


def handler(event, context):
    rule = event["resources"][0].rsplit("/", 1)[-1]
    print("FIRED " + rule + " " + event["time"], flush=True)
    return {"rule": rule, "time": event["time"]}
