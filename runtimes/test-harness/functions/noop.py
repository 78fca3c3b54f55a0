"""The trivial handler bench.py measures the Python runtime's own overhead with."""


def handler(event, context):
    return {"ok": True}
