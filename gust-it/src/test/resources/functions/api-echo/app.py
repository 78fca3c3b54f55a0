"""A handler written for API Gateway / function URLs: it reads the event and answers HTTP."""
import base64
import json
import time


def handler(event, context):
    qs = event.get("queryStringParameters") or {}
    action = qs.get("action", "echo")
    if action == "sleep":
        time.sleep(float(qs["s"]))
    if action == "raise":
        raise RuntimeError("handler failed")
    if action == "plain":
        return {"plain": True, "path": event.get("rawPath")}
    if action == "binary":
        raw = base64.b64decode(event["body"]) if event.get("isBase64Encoded") else event["body"].encode()
        return {"statusCode": 200, "headers": {"content-type": "application/octet-stream"},
                "isBase64Encoded": True, "body": base64.b64encode(raw[::-1]).decode()}
    if event.get("version") == "1.0":
        return {"statusCode": 202, "multiValueHeaders": {"x-multi": ["a", "b"]},
                "body": json.dumps({"version": "1.0", "resource": event["resource"], "path": event["path"],
                                    "method": event["httpMethod"], "pathParameters": event["pathParameters"],
                                    "multiQuery": event["multiValueQueryStringParameters"]})}
    return {
        "statusCode": 201,
        "headers": {"content-type": "application/json", "x-raw-path": event["rawPath"]},
        "cookies": ["session=abc; Path=/", "theme=dark"],
        "body": json.dumps({
            "version": event["version"],
            "routeKey": event["routeKey"],
            "rawPath": event["rawPath"],
            "rawQueryString": event["rawQueryString"],
            "pathParameters": event.get("pathParameters"),
            "queryStringParameters": event.get("queryStringParameters"),
            "cookies": event.get("cookies"),
            "headers": event["headers"],
            "method": event["requestContext"]["http"]["method"],
            "requestId": event["requestContext"]["requestId"],
            "authorizer": event["requestContext"].get("authorizer"),
            "body": event.get("body"),
            "isBase64Encoded": event["isBase64Encoded"],
        }),
    }
