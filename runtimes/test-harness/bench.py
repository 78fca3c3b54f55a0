"""Measures a bootstrap: time to its first GET /next, and its per-invocation loop cost.

A deliberately minimal Runtime API (one thread, raw sockets, canned answers) so that
the server's own cost stays out of the numbers:

- cold start: spawn the bootstrap, stop the clock when its first GET /next arrives;
  repeated --starts times, reporting the median and the 10th/90th percentiles. The
  same is done for a baseline command (the bare interpreter) when --baseline is given.
- loop: on one instance, serve --invocations events; the loop cost is the time from
  writing an event to receiving the runtime's next GET /next, averaged over all but the
  first (warm-up) invocations. It contains the runtime's HTTP parsing, JSON decoding,
  context creation, the (trivial) handler, encoding and the POST.

Example:
    python3 bench.py --handler app.handler --task-root ../../examples/python-hello \\
        --baseline '/root/.pyenv/versions/3.11.7/bin/python3 -c pass' \\
        -- /root/.pyenv/versions/3.11.7/bin/python3 ../python/bootstrap.py
"""

import argparse
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time

EVENT = b'{"name": "bench"}'


def _read_request(conn, buf):
    """Reads one HTTP request; returns (request line, body, leftover) or None on EOF."""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while not rest.endswith(b"0\r\n\r\n"):
            rest += conn.recv(65536)
        return lines[0], rest, b""
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        rest += chunk
    return lines[0], rest[:length], rest[length:]


def _next_response(request_id):
    deadline = int(time.time() * 1000) + 60_000
    return (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Lambda-Runtime-Aws-Request-Id: %s\r\nLambda-Runtime-Deadline-Ms: %d\r\n"
        "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:000000000000:function:bench\r\n"
        "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000;Sampled=0\r\n"
        "Content-Length: %d\r\n\r\n" % (request_id, deadline, len(EVENT))
    ).encode() + EVENT


ACCEPTED = b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}"


def _environment(address, handler, task_root, runtime_dir):
    return {
        "AWS_LAMBDA_RUNTIME_API": address,
        "_HANDLER": handler,
        "LAMBDA_TASK_ROOT": task_root,
        "LAMBDA_RUNTIME_DIR": runtime_dir,
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/bench",
        "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "TZ": ":UTC",
        "LANG": "C.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }


def run_instance(command, env_base, task_root, invocations, log):
    """Starts one instance; returns (ms to first GET /next, [per-invocation loop ms])."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(60)
    env = dict(env_base, AWS_LAMBDA_RUNTIME_API="127.0.0.1:%d" % server.getsockname()[1])
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=task_root, env=env, stdout=log, stderr=log)
    first_next = None
    loops = []
    try:
        conn, _ = server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = b""
        served = 0
        dispatched_at = None
        while True:
            request = _read_request(conn, buf)
            if request is None:  # the runtime reconnects
                conn.close()
                conn, _ = server.accept()
                buf = b""
                continue
            line, _, buf = request
            now = time.perf_counter()
            if line.startswith(b"GET "):
                if first_next is None:
                    first_next = (now - started) * 1000
                elif dispatched_at is not None:
                    loops.append((now - dispatched_at) * 1000)
                if served == invocations:
                    break
                served += 1
                dispatched_at = time.perf_counter()
                conn.sendall(_next_response("req-%d" % served))
            else:
                if b"/error" in line:
                    raise RuntimeError("the handler failed: %r" % line)
                conn.sendall(ACCEPTED)
        conn.close()
    finally:
        proc.kill()
        proc.wait()
        server.close()
    return first_next, loops[1:]


def _time_command(command):
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000


def _summary(values):
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    return "median %.2f ms (p10 %.2f, p90 %.2f, n=%d)" % (statistics.median(values), pick(0.1), pick(0.9), len(values))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--handler", required=True)
    parser.add_argument("--task-root", required=True)
    parser.add_argument("--runtime-dir")
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--invocations", type=int, default=2000)
    parser.add_argument("--baseline", help="a command timed start-to-exit for comparison")
    parser.add_argument("--floor", help="a command measured like the bootstrap: the least a runtime can do")
    parser.add_argument("--env", action="append", default=[], help="extra NAME=VALUE")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    command = [os.path.abspath(c) if os.path.exists(c) and os.sep in c else c for c in command]
    task_root = os.path.abspath(args.task_root)
    runtime_dir = os.path.abspath(args.runtime_dir) if args.runtime_dir else task_root
    env = _environment("", args.handler, task_root, runtime_dir)
    env.update(kv.split("=", 1) for kv in args.env)

    with tempfile.TemporaryFile() as log:
        if args.baseline:
            baseline = shlex.split(args.baseline)
            _time_command(baseline)
            print("baseline (%s): %s" % (args.baseline, _summary([_time_command(baseline) for _ in range(args.starts)])))
        run_instance(command, env, task_root, 1, log)  # warm the page cache
        if args.floor:
            # Alternate floor and bootstrap starts, so that load drifts hit both alike.
            floor = [os.path.abspath(c) if os.path.exists(c) and os.sep in c else c for c in shlex.split(args.floor)]
            run_instance(floor, env, task_root, 0, log)
            floors, firsts = [], []
            for _ in range(args.starts):
                floors.append(run_instance(floor, env, task_root, 0, log)[0])
                firsts.append(run_instance(command, env, task_root, 0, log)[0])
            print("floor (%s) -> first GET /next: %s" % (args.floor, _summary(floors)))
            print("start -> first GET /next: %s" % _summary(firsts))
            print("bootstrap - floor, paired: %s" % _summary([b - f for b, f in zip(firsts, floors)]))
        else:
            firsts = [run_instance(command, env, task_root, 0, log)[0] for _ in range(args.starts)]
            print("start -> first GET /next: %s" % _summary(firsts))
        _, loops = run_instance(command, env, task_root, max(args.invocations, 3), log)
        print("per-invocation loop (event written -> next GET): %s, mean %.3f ms" % (_summary(loops), statistics.mean(loops)))
        log.seek(0)
        tail = log.read()[-2000:]
    return 0


if __name__ == "__main__":
    sys.exit(main())
