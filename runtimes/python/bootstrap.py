"""Gust's Python runtime: runs a Lambda-style handler inside one instance.

The platform starts `python3.X $LAMBDA_RUNTIME_DIR/bootstrap.py` with the task root as
cwd. This file then speaks the Lambda Runtime API (2018-06-01) at
$AWS_LAMBDA_RUNTIME_API: it imports the handler named by $_HANDLER, and loops on
GET /runtime/invocation/next, calls the handler and POSTs the result or the error.

Design notes, all driven by cold-start cost (measured on CPython 3.11, see
runtimes/README.md):
- Standard library only, and only modules that cost nothing to import: `os`,
  `sys` and `time` are already loaded by the interpreter, `_socket` and `_json`
  are C modules. `json` (+6 ms, through `re` and `enum`), `socket` (+6 ms),
  `traceback` (+8 ms) and `logging` (+11 ms) are never imported on the way to the
  first invocation.
- HTTP/1.1 is spoken by hand over one keep-alive TCP connection with
  TCP_NODELAY; responses are framed by Content-Length (chunked is understood too).
- JSON goes through the C scanner and encoder of `_json`, set up exactly as the
  `json` module sets them up, so the bytes are those `json.dumps` would give;
  should that private API ever change, we fall back to `json` itself.
- `logging` is configured the way Lambda configures it (a root handler writing
  "[LEVEL]\\t<time>\\t<request id>\\t<message>" to stdout) the moment user code
  imports it, through a one-shot import hook, so functions that never log never
  pay for it.
Errors carry Lambda's wire names and messages (Runtime.ImportModuleError,
Runtime.HandlerNotFound, ...), so callers see what they would see on Lambda.
"""

import os
import sys
import time

import _socket

_RUNTIME_FILE = os.path.abspath(__file__)
_API_PREFIX = "/2018-06-01/runtime/"
_WHITESPACE = " \t\n\r"


class _Fault(Exception):
    """A failure the runtime detected itself, reported with a Runtime.* type."""

    def __init__(self, error_type, message, stack_trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace or []


# --------------------------------------------------------------------------- JSON


class _JsonCodec:
    """json.loads/json.dumps equivalents built on the `_json` C accelerator."""

    def __init__(self, ensure_ascii):
        import _json

        nan = float("nan")
        inf = float("inf")
        constants = {"-Infinity": -inf, "Infinity": inf, "NaN": nan}

        class _ScannerContext:
            # The attributes json.decoder.JSONDecoder hands to c_make_scanner.
            strict = True
            object_hook = None
            object_pairs_hook = None
            parse_float = float
            parse_int = int
            parse_constant = constants.__getitem__

        self._scan_once = _json.make_scanner(_ScannerContext())
        self._make_encoder = _json.make_encoder
        self._encode_str = (
            _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
        )
        self._ensure_ascii = ensure_ascii
        # Prove the private API behaves as expected before trusting it.
        if self.loads('{"a": [1, 2.5, "\\u00e9", null, true]}') != {
            "a": [1, 2.5, "\u00e9", None, True]
        } or self.dumps({"a": [1, "x"]}) != '{"a": [1, "x"]}':
            raise RuntimeError("unexpected _json behaviour")

    def loads(self, text):
        n = len(text)
        i = 0
        while i < n and text[i] in _WHITESPACE:
            i += 1
        try:
            value, end = self._scan_once(text, i)
            while end < n and text[end] in _WHITESPACE:
                end += 1
        except Exception:
            # The C scanner can only build its error when json.decoder is loaded:
            # let the json module itself produce the exact JSONDecodeError.
            end = -1
        if end != n:
            import json

            return json.loads(text)
        return value

    def dumps(self, value):
        # A fresh encoder per call: its circular-reference markers are not cleared
        # when encoding fails half-way.
        encode = self._make_encoder(
            {}, _default_json, self._encode_str, None, ": ", ", ", False, False, True
        )
        return "".join(encode(value, 0))


class _StdlibJsonCodec:
    """Fallback when `_json` is missing or differs: the json module itself."""

    def __init__(self, ensure_ascii):
        import json

        self._json = json
        self._ensure_ascii = ensure_ascii

    def loads(self, text):
        return self._json.loads(text)

    def dumps(self, value):
        return self._json.dumps(value, default=_default_json, ensure_ascii=self._ensure_ascii)


def _default_json(value):
    # Lambda serialises decimal.Decimal (what boto3 returns for DynamoDB numbers)
    # as a JSON number. Checked by name so `decimal` is never imported for nothing.
    cls = type(value)
    if cls.__name__ == "Decimal" and cls.__module__ in ("decimal", "_decimal", "_pydecimal"):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)
    raise TypeError("Object of type %s is not JSON serializable" % cls.__name__)


def _make_json_codec():
    # Lambda's python3.12 runtime emits non-ASCII characters as-is; the others escape.
    ensure_ascii = os.environ.get("AWS_EXECUTION_ENV") != "AWS_Lambda_python3.12"
    try:
        return _JsonCodec(ensure_ascii)
    except Exception:
        return _StdlibJsonCodec(ensure_ascii)


# --------------------------------------------------------------------------- HTTP


class _RuntimeApiError(Exception):
    pass


class _RuntimeApiClient:
    """A minimal HTTP/1.1 client for the Runtime API: one keep-alive connection."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise _RuntimeApiError("AWS_LAMBDA_RUNTIME_API must be host:port, got %r" % address)
        self._family = _socket.AF_INET
        if host.startswith("["):
            host = host[1:-1]
            self._family = _socket.AF_INET6
        self._address = (host, int(port))
        self._host_header = ("Host: %s\r\nUser-Agent: gust-python/1\r\n" % address).encode("latin-1")
        self._sock = None
        self._buffer = bytearray()

    def _connect(self):
        sock = _socket.socket(self._family, _socket.SOCK_STREAM)
        sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        sock.connect(self._address)
        self._sock = sock
        self._buffer = bytearray()

    def close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
            self._sock = None

    def request(self, method, path, body=None, headers=""):
        """Sends one request and returns (status, headers, body).

        A keep-alive connection the server closed while idle shows up as a failure
        before any response byte; the request is then sent once more on a fresh
        connection.
        """
        head = "%s %s%s HTTP/1.1\r\n" % (method, _API_PREFIX, path)
        if body is not None:
            head += "Content-Length: %d\r\n" % len(body)
        head = head.encode("latin-1") + self._host_header + headers.encode("latin-1") + b"\r\n"
        for attempt in (0, 1):
            fresh = self._sock is None
            try:
                if fresh:
                    self._connect()
                if body is not None and len(body) <= 65536:
                    self._sock.sendall(head + body)
                else:
                    self._sock.sendall(head)
                    if body:
                        self._sock.sendall(body)
                return self._read_response()
            except (OSError, _RuntimeApiError) as e:
                self.close()
                if fresh or attempt == 1 or getattr(e, "partial", False):
                    raise _RuntimeApiError("%s %s failed: %s" % (method, path, e)) from e
        raise AssertionError("unreachable")

    def _recv_more(self):
        chunk = self._sock.recv(65536)
        if not chunk:
            err = _RuntimeApiError("connection closed by the Runtime API")
            err.partial = bool(self._buffer)
            raise err
        self._buffer += chunk

    def _read_response(self):
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end >= 0:
                break
            self._recv_more()
        head = self._buffer[:end].decode("latin-1")
        del self._buffer[: end + 4]
        lines = head.split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise _RuntimeApiError("malformed status line %r" % lines[0])
        status = int(parts[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = self._read_chunked()
        else:
            length = int(headers.get("content-length", "0"))
            while len(self._buffer) < length:
                self._recv_more()
            body = bytes(self._buffer[:length])
            del self._buffer[:length]
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def _read_chunked(self):
        parts = []
        while True:
            while True:
                end = self._buffer.find(b"\r\n")
                if end >= 0:
                    break
                self._recv_more()
            size = int(self._buffer[:end].split(b";", 1)[0], 16)
            del self._buffer[: end + 2]
            if size == 0:
                while True:  # trailers, up to the empty line
                    end = self._buffer.find(b"\r\n")
                    if end >= 0:
                        line = self._buffer[:end]
                        del self._buffer[: end + 2]
                        if not line:
                            return b"".join(parts)
                    else:
                        self._recv_more()
            while len(self._buffer) < size + 2:
                self._recv_more()
            parts.append(bytes(self._buffer[:size]))
            del self._buffer[: size + 2]


# ------------------------------------------------------------------------ context


class CognitoIdentity:
    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (
            self.cognito_identity_id,
            self.cognito_identity_pool_id,
        )


class Client:
    __slots__ = ("installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name")

    def __repr__(self):
        return "Client(%r)" % {k: getattr(self, k) for k in self.__slots__}


class ClientContext:
    __slots__ = ("custom", "env", "client")

    def __repr__(self):
        return "ClientContext([custom=%s,env=%s,client=%s])" % (self.custom, self.env, self.client)


def _object_from_dict(cls, values):
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field) if isinstance(values, dict) else None)
    return obj


class LambdaContext:
    """The `context` argument, with the attributes Lambda's Python runtime gives it."""

    def __init__(self, request_id, deadline_ms, invoked_function_arn, client_context, identity, env):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = env[0]
        self.function_version = env[1]
        self.memory_limit_in_mb = env[2]
        self.log_group_name = env[3]
        self.log_stream_name = env[4]
        self.client_context = None
        if client_context is not None:
            self.client_context = _object_from_dict(ClientContext, client_context)
            self.client_context.client = (
                _object_from_dict(Client, self.client_context.client)
                if self.client_context.client is not None
                else None
            )
        self.identity = _object_from_dict(CognitoIdentity, {})
        if isinstance(identity, dict):
            self.identity.cognito_identity_id = identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        return (
            "LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,"
            "function_name=%s,memory_limit_in_mb=%s,function_version=%s,"
            "invoked_function_arn=%s,client_context=%s,identity=%s])"
            % (
                self.aws_request_id,
                self.log_group_name,
                self.log_stream_name,
                self.function_name,
                self.memory_limit_in_mb,
                self.function_version,
                self.invoked_function_arn,
                self.client_context,
                self.identity,
            )
        )


# ------------------------------------------------------------------------ logging


class _CurrentRequest:
    """The request being served, read by the logging filter."""

    request_id = ""


def _configure_logging(logging):
    """Gives the root logger the handler and format Lambda's runtime installs."""

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _CurrentRequest.request_id
            return True

    class LambdaLoggerHandler(logging.Handler):
        def emit(self, record):
            try:
                message = self.format(record)
                if not message.endswith("\n"):  # exc_info text comes after our "\n"
                    message += "\n"
                sys.stdout.write(message)
            except Exception:
                self.handleError(record)

    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S",
    )
    formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    handler.setFormatter(formatter)
    handler.addFilter(LambdaLoggerFilter())
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    if level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        root.setLevel(level)
    root.addHandler(handler)


class _ConfigureLoggingOnImport:
    """A meta path finder that configures `logging` right after it is first imported."""

    def find_spec(self, name, path=None, target=None):
        if name != "logging":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ConfiguringLoader(spec.loader, self)
                return spec
        return None


class _ConfiguringLoader:
    def __init__(self, loader, finder):
        self._loader = loader
        self._finder = finder

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        # Hand the module back its real loader, and leave the import system as found.
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        try:
            sys.meta_path.remove(self._finder)
        except ValueError:
            pass
        self._loader.exec_module(module)
        _configure_logging(module)


def _install_logging_hook():
    if "logging" in sys.modules:
        _configure_logging(sys.modules["logging"])
    else:
        sys.meta_path.insert(0, _ConfigureLoggingOnImport())


# ------------------------------------------------------------------------- errors


def _error_body(error_type, message, stack_trace, request_id=""):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id,
        "stackTrace": stack_trace or [],
    }


def _user_frames(traceback):
    """The traceback's frames from the first one that is not in this file on."""
    import traceback as tb_module

    frames = tb_module.extract_tb(traceback)
    for i, frame in enumerate(frames):
        if os.path.abspath(frame.filename) != _RUNTIME_FILE:
            return tb_module.format_list(frames[i:])
    return []


def _error_from_exception(error, request_id=""):
    if isinstance(error, _Fault):
        return _error_body(error.error_type, error.message, error.stack_trace, request_id)
    return _error_body(type(error).__name__, str(error), _user_frames(error.__traceback__), request_id)


def _log_error(body):
    """Writes the error to stderr the way Lambda's log shows it."""
    line = "[ERROR]"
    if body["errorType"]:
        line += " " + body["errorType"]
    if body["errorMessage"]:
        line += (":" if body["errorType"] else "") + " " + body["errorMessage"]
    lines = [line, "Traceback (most recent call last):"]
    for element in body["stackTrace"]:
        lines.extend(element.splitlines() or [""])
    try:
        sys.stderr.write("\n".join(lines) + "\n")
    except Exception:
        pass


def _flush_output():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


# ------------------------------------------------------------------------ handler


def _load_handler(handler_name):
    """Imports the handler's module and returns the function, or raises _Fault."""
    try:
        module_name, function_name = handler_name.rsplit(".", 1)
    except ValueError as e:
        raise _Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler_name, e))
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise _Fault(
            "Runtime.BuiltInModuleConflict",
            "Cannot use built-in module %s as a handler module" % module_name,
        )
    import importlib

    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise _Fault(
            "Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e)
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise _Fault(
            "Runtime.UserCodeSyntaxError",
            "Syntax error in module '%s': %s" % (module_name, e),
            trace,
        )
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise _Fault(
            "Runtime.HandlerNotFound",
            "Handler '%s' missing on module '%s'" % (function_name, module_name),
        )


def _parse_json_header(codec, value, name):
    if not value:
        return None
    try:
        return codec.loads(value)
    except Exception as e:
        raise _Fault(
            "Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (name, e)
        )


def _invoke(handler, codec, request_id, headers, body, env):
    """Runs one invocation; returns (True, payload bytes, content type) or (False, error body)."""
    try:
        context = LambdaContext(
            request_id,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
            _parse_json_header(codec, headers.get("lambda-runtime-client-context"), "Client Context"),
            _parse_json_header(codec, headers.get("lambda-runtime-cognito-identity"), "Cognito Identity"),
            env,
        )
        try:
            event = codec.loads(body.decode("utf-8"))
        except Exception as e:
            raise _Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % e)
        result = handler(event, context)
        if isinstance(result, (bytes, bytearray)):
            return True, bytes(result), "application/unknown"
        try:
            payload = codec.dumps(result)
        except Exception as e:
            raise _Fault("Runtime.MarshalError", "Unable to marshal response: %s" % e)
        return True, payload.encode("utf-8"), "application/json"
    except Exception as e:
        return False, _error_from_exception(e, request_id), None


def _post_error(api, codec, path, body):
    payload = codec.dumps(body).encode("utf-8")
    headers = "Content-Type: application/json\r\nLambda-Runtime-Function-Error-Type: %s\r\n" % (
        body["errorType"] or "Runtime.Unknown"
    ).replace("\r", " ").replace("\n", " ")
    return api.request("POST", path, payload, headers)


def _fail(message):
    _flush_output()
    sys.stderr.write("gust-python: %s\n" % message)
    sys.stderr.flush()
    sys.exit(1)


def main():
    environ = os.environ
    task_root = environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # sys.path[0] is this file's folder: user code must see its own root, not ours.
    sys.path[0] = task_root
    try:
        sys.stdout.reconfigure(line_buffering=True)
    except Exception:
        pass

    try:
        api = _RuntimeApiClient(environ.get("AWS_LAMBDA_RUNTIME_API", ""))
    except _RuntimeApiError as e:
        _fail(str(e))
    codec = _make_json_codec()
    env = (
        environ.get("AWS_LAMBDA_FUNCTION_NAME"),
        environ.get("AWS_LAMBDA_FUNCTION_VERSION"),
        environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
        environ.get("AWS_LAMBDA_LOG_GROUP_NAME"),
        environ.get("AWS_LAMBDA_LOG_STREAM_NAME"),
    )

    _install_logging_hook()
    try:
        handler = _load_handler(environ.get("_HANDLER", ""))
    except Exception as e:
        body = _error_from_exception(e)
        _log_error(body)
        _flush_output()
        try:
            _post_error(api, codec, "init/error", body)
        except _RuntimeApiError as post_error:
            _fail(str(post_error))
        sys.exit(1)

    while True:
        try:
            status, headers, body = api.request("GET", "invocation/next")
        except _RuntimeApiError as e:
            _fail(str(e))
        if status != 200:
            _fail("GET invocation/next answered %d: %r" % (status, body[:200]))
        request_id = headers.get("lambda-runtime-aws-request-id", "")
        _CurrentRequest.request_id = request_id
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id:
            environ["_X_AMZN_TRACE_ID"] = trace_id
        elif "_X_AMZN_TRACE_ID" in environ:
            del environ["_X_AMZN_TRACE_ID"]

        outcome = _invoke(handler, codec, request_id, headers, body, env)
        try:
            if outcome[0]:
                _flush_output()
                status, _, answer = api.request(
                    "POST",
                    "invocation/%s/response" % request_id,
                    outcome[1],
                    "Content-Type: %s\r\n" % outcome[2],
                )
            else:
                _log_error(outcome[1])
                _flush_output()
                status, _, answer = _post_error(
                    api, codec, "invocation/%s/error" % request_id, outcome[1]
                )
        except _RuntimeApiError as e:
            _fail(str(e))
        if status >= 500:
            _fail("the Runtime API answered %d, exiting: %r" % (status, answer[:200]))
        if status != 202:
            sys.stderr.write(
                "gust-python: the Runtime API refused the result of %s (%d): %r\n"
                % (request_id, status, answer[:200])
            )
            sys.stderr.flush()


if __name__ == "__main__":
    main()
