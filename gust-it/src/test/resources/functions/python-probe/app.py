"""A probe function for the end-to-end tests: each event names an action."""
import json
import os
import socket
import time
import uuid

TOKEN = uuid.uuid4().hex  # module-level state: the same while the instance lives
COUNT = 0


def handler(event, context):
    global COUNT
    COUNT += 1
    action = event.get("action", "hello")
    if action == "sleep":
        time.sleep(event["seconds"])
    elif action == "exit":
        print("exiting on purpose", flush=True)
        os._exit(event.get("code", 1))
    elif action == "alloc":
        chunks = []
        for _ in range(event["mb"]):
            chunk = bytearray(1024 * 1024)
            for i in range(0, len(chunk), 4096):
                chunk[i] = 1
            chunks.append(chunk)
        return {"allocated": len(chunks)}
    elif action == "raise":
        raise ValueError("boom: " + str(event.get("why", "on purpose")))
    elif action == "print":
        print(event["text"])
    elif action == "env":
        return {"env": dict(os.environ)}
    elif action == "files":
        result = {}
        try:
            with open(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "written.txt"), "w") as f:
                f.write("x")
            result["codeWritable"] = True
        except OSError as e:
            result["codeWritable"] = False
        tmp = os.environ.get("TMPDIR", "/tmp")
        with open(os.path.join(tmp, "scratch.txt"), "w") as f:
            f.write("hello")
        result["tmpWritable"] = True
        result["tmpFiles"] = sorted(os.listdir(tmp))
        return result
    elif action == "steal":
        # Try to fetch work from another instance's Runtime API endpoint.
        host, port = event["address"].split(":")
        s = socket.create_connection((host, int(port)), timeout=5)
        s.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
        s.settimeout(5)
        try:
            data = s.recv(4096).decode("latin-1")
        except socket.timeout:
            data = "TIMEOUT"
        s.close()
        return {"status": data.split("\r\n", 1)[0]}
    return {
        "token": TOKEN,
        "count": COUNT,
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "functionVersion": context.function_version,
        "memory": context.memory_limit_in_mb,
        "arn": context.invoked_function_arn,
        "remainingMs": context.get_remaining_time_in_millis(),
        "logGroup": context.log_group_name,
        "logStream": context.log_stream_name,
        "runtimeApi": os.environ["AWS_LAMBDA_RUNTIME_API"],
        "greeting": os.environ.get("GREETING"),
        "event": event,
    }
