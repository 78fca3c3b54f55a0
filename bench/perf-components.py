#!/usr/bin/env python3
"""Splits a perf profile of the `gust server` JVM into Gust's components (see BENCHMARKS.md).

Usage:
  perf record -e cpu-clock -F 499 -g -p <gust pid> -o gust.perf -- sleep 6
  jcmd <gust pid> Compiler.perfmap          # names the JIT-compiled Java frames for perf
  perf script -i gust.perf > gust.txt
  bench/perf-components.py gust.txt [requests-in-the-window] [sample-period-us, default 2004]

Start the server with -XX:+PreserveFramePointer (GUST_SERVER_JAVA_OPTS for bench/gateway) so that
stacks reach the Java frames. A sample counts for the innermost frame that names a component;
samples on the ledger, dispatcher and poller threads count for those threads.
"""
import collections
import re
import sys

COMPONENTS = [  # first match, frame by frame from the leaf
    ("Runtime API endpoint (instance side: /next, /response)", r"dev\.gust\.runtimeapi\."),
    ("log files (function log, access log) writes", r"dev\.gust\.store\.(FileLogStore|FunctionLog)"),
    ("cgroup peak-memory read per invocation", r"peakMemoryBytes"),
    ("log line formatting (access log, REPORT)", r"GatewayFront\.finish|java\.util\.Formatter|DateTimeFormatter"),
    ("API Gateway event/response mapping", r"dev\.gust\.gateway\.|GatewayFront\.request|GatewayFront\$Invoked"),
    ("invocation service / instance manager", r"dev\.gust\.(invoke|instances)\."),
    ("JDK HttpServer exchange (parse, write, close)", r"sun\.net\.httpserver|dev\.gust\.http\."),
    ("virtual-thread park/unpark, freeze/thaw",
     r"Continuation|VirtualThread|Thaw|Freeze|ForkJoin|Poller\.|LockSupport|Unsafe\.park|unpark|FutureTask|CompletableFuture"),
]
THREADS = [
    ("gust-ledger", "invocation ledger writer thread (SQLite)"),
    ("HTTP-Dispatch", "JDK HttpServer dispatcher threads (accept/select)"),
    ("MasterPoller", "JDK virtual-thread pollers/unparker"),
    ("VirtualThread-u", "JDK virtual-thread pollers/unparker"),
    ("Read-Poller", "JDK virtual-thread pollers/unparker"),
    ("Write-Poller", "JDK virtual-thread pollers/unparker"),
]


def classify(thread, frames):
    for prefix, label in THREADS:
        if thread.startswith(prefix):
            return label
    if not thread.startswith("ForkJoinPool"):
        return "other JVM threads (" + re.sub(r"\s+\d+$", "", thread.strip()) + ")"
    for frame in frames:
        for label, pattern in COMPONENTS:
            if re.search(pattern, frame):
                return label
    if any("kallsyms" in f for f in frames):
        return "kernel, no Java frame to name (wakeups, futex, scheduling)"
    return "no Java frame (libc, JVM)"


def main():
    path = sys.argv[1]
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    period_us = float(sys.argv[3]) if len(sys.argv) > 3 else 2004.0
    total, in_kernel = collections.Counter(), collections.Counter()
    thread, frames = None, []

    def flush():
        if thread is None:
            return
        label = classify(thread, frames)
        total[label] += 1
        if frames and "kallsyms" in frames[0]:
            in_kernel[label] += 1

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line and not line[0].isspace():
                flush()
                thread, frames = line[:16], []
            elif line.strip():
                frames.append(line.strip())
    flush()
    n = sum(total.values())
    print(f"{n} samples" + (f", {requests} requests" if requests else ""))
    for label, count in total.most_common():
        per = f"{count * period_us / requests:6.0f} µs/req  " if requests else ""
        print(f"{per}{100 * count / n:5.1f}%  (in kernel {100 * in_kernel[label] / count:3.0f}%)  {label}")
    print(f"in the kernel at the leaf: {100 * sum(in_kernel.values()) / max(n, 1):.1f}%")


if __name__ == "__main__":
    main()
