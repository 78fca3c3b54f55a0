"""A stand-in for Gust's Runtime API, to drive a bootstrap without the platform.

It serves the Lambda Runtime API 2018-06-01 on 127.0.0.1 (HTTP/1.1, keep-alive):
GET /runtime/invocation/next long-polls until an event is queued, and every
POST (response, error, init error) is recorded. When given the bootstrap's log
file it also snapshots the file at the moment each POST arrives, which is what
the platform does to collect an invocation's logs; tests use the snapshot to
prove the runtime flushed its output before answering.

Streamed responses (Lambda-Runtime-Function-Response-Mode: streaming, chunked)
are read chunk by chunk: each chunk is recorded with the monotonic time it
arrived (Result.chunks, and live in stub.streams for wait_chunks), and the
trailers (Lambda-Runtime-Function-Error-Type / -Body) in Result.trailers. The
answer, 202, is sent after the last chunk, as the platform does.

Library use (see runtimes/python/test_bootstrap.py):
    stub = RuntimeApiStub(log_path=...); stub.start()
    rid = stub.add_event({"name": "x"}); result = stub.wait_result(rid)

Command line use (prints what the bootstrap POSTs, then stops it):
    python3 runtime_api_stub.py --handler app.handler --task-root examples/python-hello \\
        --event '{"name": "Ada"}' --event '{}' -- python3 runtimes/python/bootstrap.py
"""

import argparse
import base64
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime/"


class Result:
    """One POST the runtime made: kind is 'response', 'error' or 'init_error'."""

    def __init__(self, kind, request_id, body, headers, log_snapshot, received_at, chunks=None, trailers=None):
        self.kind = kind
        self.request_id = request_id
        self.body = body
        self.headers = headers
        self.log_snapshot = log_snapshot
        self.received_at = received_at
        self.chunks = chunks  # [(monotonic arrival time, bytes)] for a chunked body, else None
        self.trailers = trailers or {}  # lower-case names

    @property
    def streamed(self):
        return self.headers.get("lambda-runtime-function-response-mode", "").lower() == "streaming"

    def error_trailer(self):
        """(type, decoded error body) from the trailers of a stream that failed, or None."""
        if "lambda-runtime-function-error-type" not in self.trailers:
            return None
        encoded = self.trailers.get("lambda-runtime-function-error-body", "")
        return self.trailers["lambda-runtime-function-error-type"], json.loads(base64.b64decode(encoded) or b"null")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "Result(%s, %s, %r)" % (self.kind, self.request_id, self.body[:300])


class RuntimeApiStub:
    def __init__(self, log_path=None, function_arn="arn:aws:lambda:us-east-1:000000000000:function:test"):
        self.log_path = log_path
        self.function_arn = function_arn
        self._events = queue.Queue()
        self._results = {}
        self._cond = threading.Condition()
        self.next_calls = []  # monotonic times at which GET /next arrived
        self.dispatched = {}  # request id -> monotonic time the event was sent
        self.streams = {}  # request id -> [(monotonic time, bytes)] of a chunked POST, while it arrives
        self.connections = 0
        self._server = None

    # -- control ---------------------------------------------------------------

    def start(self):
        stub = self

        class Handler(_Handler):
            owner = stub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def address(self):
        return "127.0.0.1:%d" % self._server.server_address[1]

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def add_event(self, event, request_id=None, headers=None, deadline_ms=None):
        """Queues an event (a JSON-able value or raw bytes); returns its request id."""
        request_id = request_id or str(uuid.uuid4())
        body = event if isinstance(event, bytes) else json.dumps(event).encode()
        if deadline_ms is None:
            deadline_ms = int(time.time() * 1000) + 30_000
        h = {
            "Lambda-Runtime-Aws-Request-Id": request_id,
            "Lambda-Runtime-Deadline-Ms": str(deadline_ms),
            "Lambda-Runtime-Invoked-Function-Arn": self.function_arn,
            "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0",
        }
        h.update(headers or {})
        self._events.put((request_id, body, h))
        return request_id

    def wait_result(self, key, timeout=10):
        """Waits for the POST answering request `key` (or 'init' for an init error)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while key not in self._results:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no result for %s within %ss" % (key, timeout))
                self._cond.wait(left)
            return self._results[key]

    def wait_chunks(self, request_id, count, timeout=10):
        """Waits until `count` chunks of the streamed response to `request_id` have arrived."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.streams.get(request_id, ())) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("only %d chunks of %s within %ss" % (len(self.streams.get(request_id, ())), request_id, timeout))
                self._cond.wait(left)
            return list(self.streams[request_id])

    def wait_next_calls(self, count, timeout=10):
        """Waits for the `count`th GET /next; returns False if an init error came instead."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.next_calls) < count:
                if "init" in self._results:
                    return False
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("only %d GET /next within %ss" % (len(self.next_calls), timeout))
                self._cond.wait(left)
            return True

    # -- called by the request handler ------------------------------------------

    def _record(self, key, result):
        with self._cond:
            self._results[key] = result
            self._cond.notify_all()

    def _snapshot_log(self):
        if not self.log_path:
            return None
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner = None

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def setup(self):
        super().setup()
        self.owner.connections += 1

    def _read_body(self, key=None):
        """Returns (body, chunks, trailers); chunks is None unless the body is chunked."""
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length") or 0)), None, {}
        owner = self.owner
        chunks = []
        if key is not None:
            with owner._cond:
                owner.streams[key] = chunks
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            if size == 0:
                break
            data = self.rfile.read(size)
            self.rfile.readline()
            with owner._cond:
                chunks.append((time.monotonic(), data))
                owner._cond.notify_all()
        trailers = {}
        while True:
            line = self.rfile.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            trailers[name.strip().lower()] = value.strip()
        return b"".join(data for _, data in chunks), chunks, trailers

    def _send(self, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self):
        if self.path != PREFIX + "invocation/next":
            self._send(404, b'{"errorMessage":"not found"}')
            return
        owner = self.owner
        with owner._cond:
            owner.next_calls.append(time.monotonic())
            owner._cond.notify_all()
        request_id, body, headers = owner._events.get()
        headers = dict(headers, **{"Content-Type": "application/json"})
        owner.dispatched[request_id] = time.monotonic()
        self._send(200, body, headers)

    def do_POST(self):
        owner = self.owner
        path = self.path
        if path == PREFIX + "init/error":
            kind, request_id, key = "init_error", None, "init"
        elif path.startswith(PREFIX + "invocation/") and path.endswith(("/response", "/error")):
            request_id, kind = path[len(PREFIX + "invocation/"):].rsplit("/", 1)
            key = request_id
        else:
            self._read_body()
            self._send(404, b'{"errorMessage":"not found"}')
            return
        body, chunks, trailers = self._read_body(key)
        received_at = time.monotonic()
        snapshot = owner._snapshot_log()
        headers = {k.lower(): v for k, v in self.headers.items()}
        result = Result(kind, request_id, body, headers, snapshot, received_at, chunks, trailers)
        self._send(202, b'{"status":"OK"}')
        owner._record(key, result)


def runtime_environment(stub, handler, task_root, runtime_dir, extra=None, execution_env=None):
    """The environment Gust gives an instance, as documented for the platform side."""
    env = {
        "AWS_LAMBDA_RUNTIME_API": stub.address,
        "_HANDLER": handler,
        "LAMBDA_TASK_ROOT": task_root,
        "LAMBDA_RUNTIME_DIR": runtime_dir,
        "AWS_LAMBDA_FUNCTION_NAME": "test",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/test",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/01/01/[$LATEST]0123456789abcdef",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "TZ": ":UTC",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
    if execution_env:
        env["AWS_EXECUTION_ENV"] = execution_env
    env.update(extra or {})
    return env


def _wait_alive(proc, wait, timeout):
    """Calls wait(t) in short slices until it returns, failing fast if the process died."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return wait(0.2)
        except TimeoutError:
            if proc.poll() is not None:
                raise TimeoutError("the runtime exited with status %d" % proc.returncode)
            if time.monotonic() > deadline:
                raise


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--handler", required=True)
    parser.add_argument("--task-root", required=True)
    parser.add_argument("--event", action="append", default=[], help="JSON event; repeat for more")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the bootstrap command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the bootstrap command after --")
    # The bootstrap runs with the task root as cwd: make file arguments absolute.
    command = [os.path.abspath(c) if os.path.exists(c) and os.sep in c else c for c in command]

    log = tempfile.NamedTemporaryFile(prefix="gust-runtime-", suffix=".log", delete=False)
    stub = RuntimeApiStub(log_path=log.name).start()
    task_root = os.path.abspath(args.task_root)
    runtime_dir = os.path.dirname(os.path.abspath(command[-1])) if command[-1].endswith((".py", ".mjs")) else task_root
    env = runtime_environment(stub, args.handler, task_root, runtime_dir)
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=task_root, env=env, stdout=log, stderr=log)
    exit_code = 0
    try:
        if not _wait_alive(proc, lambda t: stub.wait_next_calls(1, timeout=t), args.timeout):
            print("INIT ERROR: %s" % stub.wait_result("init").body.decode("utf-8", "replace"))
            exit_code = 1
            return exit_code
        print("first GET /next after %.1f ms" % ((stub.next_calls[0] - started) * 1000))
        for event in args.event or ["{}"]:
            rid = stub.add_event(json.loads(event))
            result = _wait_alive(proc, lambda t: stub.wait_result(rid, timeout=t), args.timeout)
            if result.chunks is None:
                print("%s %s: %s" % (result.kind.upper(), rid, result.body.decode("utf-8", "replace")))
                continue
            first = result.chunks[0][0] if result.chunks else result.received_at
            print("%s %s (streamed, %s, %d chunks at +%s ms): %r" % (
                result.kind.upper(), rid, result.headers.get("content-type"), len(result.chunks),
                "/".join("%.0f" % ((t - first) * 1000) for t, _ in result.chunks), result.body))
            failure = result.error_trailer()
            if failure is not None:
                print("  failed mid-stream: %s %s" % (failure[0], json.dumps(failure[1])))
    except TimeoutError as e:
        print("timed out: %s" % e)
        exit_code = 1
    finally:
        proc.kill()
        proc.wait()
        stub.stop()
        log.close()
        with open(log.name, "rb") as f:
            output = f.read().decode("utf-8", "replace")
        os.unlink(log.name)
        print("---- runtime output ----")
        print(output, end="")
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
