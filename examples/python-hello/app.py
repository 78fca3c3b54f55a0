"""A hello function for Gust's python3.11 runtime.

The counter lives at module level: it survives between invocations served by the
same instance, and starts again at 1 on a cold start. GREETING comes from the
`environment` section of gust.yaml.
"""

import os

GREETING = os.environ.get("GREETING", "Hello")
invocations = 0


def handler(event, context):
    global invocations
    invocations += 1
    name = event.get("name", "world") if isinstance(event, dict) else "world"
    print(f"greeting {name} (invocation {invocations} of this instance)")
    return {
        "message": f"{GREETING}, {name}!",
        "invocations": invocations,
        "requestId": context.aws_request_id,
    }
