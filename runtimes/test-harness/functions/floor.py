"""The least a Python runtime can do: connect and ask for an event. bench.py's floor."""
import os
import _socket

host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].rsplit(":", 1)
s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
s.connect((host, int(port)))
s.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
s.recv(1)
