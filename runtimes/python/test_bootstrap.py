"""Tests of the Python bootstrap, run as a real child process against a stub Runtime API.

Run from the repository root with
    python3 -m unittest discover -s runtimes/python -t runtimes/python
or from runtimes/python with `python3 -m unittest`. GUST_TEST_PYTHON picks the
interpreter that runs the bootstrap (default: the one running the tests).
"""

import decimal
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "test-harness"))

from runtime_api_stub import RuntimeApiStub, runtime_environment  # noqa: E402

BOOTSTRAP = os.path.join(HERE, "bootstrap.py")
PYTHON = os.environ.get("GUST_TEST_PYTHON", sys.executable)


class Instance:
    """One bootstrap process with its task root, log file and stub Runtime API."""

    def __init__(self, files, handler, env=None):
        self.dir = tempfile.TemporaryDirectory(prefix="gust-py-test-")
        self.task_root = os.path.join(self.dir.name, "task")
        for name, text in files.items():
            path = os.path.join(self.task_root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(textwrap.dedent(text))
        self.log_path = os.path.join(self.dir.name, "instance.log")
        self.stub = RuntimeApiStub(log_path=self.log_path).start()
        environment = runtime_environment(
            self.stub, handler, self.task_root, HERE, extra=env, execution_env="AWS_Lambda_python3.11"
        )
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [PYTHON, BOOTSTRAP], cwd=self.task_root, env=environment, stdout=self.log, stderr=self.log
        )

    def invoke(self, event, **kwargs):
        request_id = self.stub.add_event(event, **kwargs)
        return self.stub.wait_result(request_id)

    def init_error(self):
        result = self.stub.wait_result("init")
        self.process.wait(timeout=10)
        return result

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.log.close()
        self.stub.stop()
        self.dir.cleanup()


class BootstrapTest(unittest.TestCase):
    def start(self, files, handler="app.handler", env=None):
        instance = Instance(files, handler, env)
        self.addCleanup(instance.close)
        return instance

    # -- results ---------------------------------------------------------------

    def test_handler_result_is_posted_as_json(self):
        instance = self.start({"app.py": """
            def handler(event, context):
                return {"message": "Hello, %s!" % event.get("name", "world"), "n": [1, 2.5, None]}
            """})
        result = instance.invoke({"name": "Ada"})
        self.assertEqual("response", result.kind)
        self.assertEqual({"message": "Hello, Ada!", "n": [1, 2.5, None]}, result.json())
        self.assertEqual("application/json", result.headers["content-type"])

    def test_module_state_is_kept_between_invocations(self):
        instance = self.start({"app.py": """
            count = 0
            def handler(event, context):
                global count
                count += 1
                return count
            """})
        self.assertEqual(1, instance.invoke({}).json())
        self.assertEqual(2, instance.invoke({}).json())
        self.assertEqual(1, instance.stub.connections, "one keep-alive connection serves every request")

    def test_none_bytes_and_decimal_results_are_encoded_like_lambda(self):
        instance = self.start({"app.py": """
            import decimal
            def handler(event, context):
                kind = event["kind"]
                if kind == "none":
                    return None
                if kind == "bytes":
                    return b"\\x00raw"
                return {"int": decimal.Decimal("42"), "frac": decimal.Decimal("1.5"), "text": "caf\\u00e9"}
            """})
        self.assertEqual(b"null", instance.invoke({"kind": "none"}).body)
        raw = instance.invoke({"kind": "bytes"})
        self.assertEqual(b"\x00raw", raw.body)
        self.assertEqual("application/unknown", raw.headers["content-type"])
        self.assertEqual(b'{"int": 42, "frac": 1.5, "text": "caf\\u00e9"}', instance.invoke({"kind": "d"}).body)

    def test_large_event_and_result_round_trip(self):
        instance = self.start({"app.py": """
            def handler(event, context):
                return {"size": len(event["blob"]), "blob": event["blob"]}
            """})
        blob = "x" * (5 * 1024 * 1024)
        started = time.monotonic()
        result = instance.invoke({"blob": blob})
        self.assertEqual(len(blob), result.json()["size"])
        self.assertLess(time.monotonic() - started, 5, "buffers must not grow quadratically")

    def test_handler_in_a_sub_folder_is_found_by_path(self):
        instance = self.start({"src/handlers/app.py": """
            def handler(event, context):
                return "from a folder"
            """}, handler="src/handlers/app.handler")
        self.assertEqual("from a folder", instance.invoke({}).json())

    def test_context_carries_lambda_fields(self):
        instance = self.start({"app.py": """
            import os
            def handler(event, context):
                return {
                    "aws_request_id": context.aws_request_id,
                    "function_name": context.function_name,
                    "function_version": context.function_version,
                    "invoked_function_arn": context.invoked_function_arn,
                    "memory_limit_in_mb": context.memory_limit_in_mb,
                    "log_group_name": context.log_group_name,
                    "log_stream_name": context.log_stream_name,
                    "remaining": context.get_remaining_time_in_millis(),
                    "identity_id": context.identity.cognito_identity_id,
                    "identity_pool": context.identity.cognito_identity_pool_id,
                    "client_custom": context.client_context.custom if context.client_context else None,
                    "client_app": context.client_context.client.app_title if context.client_context else None,
                    "trace": os.environ.get("_X_AMZN_TRACE_ID"),
                }
            """})
        deadline = int(time.time() * 1000) + 20_000
        first = instance.invoke(
            {},
            request_id="req-1",
            deadline_ms=deadline,
            headers={
                "Lambda-Runtime-Client-Context": json.dumps({"client": {"app_title": "app"}, "custom": {"k": "v"}, "env": {}}),
                "Lambda-Runtime-Cognito-Identity": json.dumps({"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}),
                "Lambda-Runtime-Trace-Id": "Root=1-abc;Sampled=1",
            },
        ).json()
        self.assertEqual("req-1", first["aws_request_id"])
        self.assertEqual("test", first["function_name"])
        self.assertEqual("$LATEST", first["function_version"])
        self.assertEqual("arn:aws:lambda:us-east-1:000000000000:function:test", first["invoked_function_arn"])
        self.assertEqual("128", first["memory_limit_in_mb"], "a string, as on Lambda")
        self.assertEqual("/aws/lambda/test", first["log_group_name"])
        self.assertTrue(first["log_stream_name"])
        self.assertTrue(0 < first["remaining"] <= 20_000, first["remaining"])
        self.assertEqual(("id-1", "pool-1"), (first["identity_id"], first["identity_pool"]))
        self.assertEqual(({"k": "v"}, "app"), (first["client_custom"], first["client_app"]))
        self.assertEqual("Root=1-abc;Sampled=1", first["trace"])

        second = instance.invoke({}, request_id="req-2", headers={"Lambda-Runtime-Trace-Id": "Root=1-def"}).json()
        self.assertEqual("req-2", second["aws_request_id"])
        self.assertEqual("Root=1-def", second["trace"], "the trace id is set per invocation")
        self.assertIsNone(second["identity_id"])
        self.assertIsNone(second["client_custom"])

    def test_output_is_flushed_before_the_response_is_posted(self):
        instance = self.start({"app.py": """
            import sys
            def handler(event, context):
                print("to stdout without newline", end="")
                sys.stderr.write("to stderr\\n")
                return "done"
            """})
        result = instance.invoke({})
        self.assertIn("to stdout without newline", result.log_snapshot)
        self.assertIn("to stderr", result.log_snapshot)

    def test_logging_writes_lambda_format_with_request_id(self):
        instance = self.start({"app.py": """
            import logging
            logger = logging.getLogger()
            def handler(event, context):
                logging.info("hidden: the root level is WARNING, as on Lambda")
                logger.warning("careful %s", event["who"])
                return "ok"
            """})
        result = instance.invoke({"who": "Ada"}, request_id="req-log")
        self.assertNotIn("hidden", result.log_snapshot)
        self.assertRegex(
            result.log_snapshot,
            r"\[WARNING\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\treq-log\tcareful Ada\n",
        )

    def test_log_level_comes_from_the_environment(self):
        instance = self.start({"app.py": """
            import logging
            def handler(event, context):
                logging.info("now visible")
                return "ok"
            """}, env={"AWS_LAMBDA_LOG_LEVEL": "INFO"})
        self.assertIn("[INFO]\t", instance.invoke({}).log_snapshot)

    def test_startup_does_not_import_costly_modules(self):
        costly = ["json", "logging", "socket", "http.client", "email", "traceback", "re", "enum"]
        preloaded = subprocess.run(
            [PYTHON, "-c", "import sys; print(' '.join(sys.modules))"], capture_output=True, text=True, check=True
        ).stdout.split()
        instance = self.start({"app.py": """
            import sys
            def handler(event, context):
                return sorted(sys.modules)
            """})
        loaded = instance.invoke({}).json()
        self.assertEqual([], [m for m in costly if m in loaded and m not in preloaded])

    # -- invocation errors -----------------------------------------------------

    def test_exception_is_posted_with_type_message_and_stack(self):
        instance = self.start({"app.py": """
            def fail(value):
                raise ValueError("boom " + value)

            def handler(event, context):
                print("before the failure")
                fail(event["v"])
            """})
        result = instance.invoke({"v": "x"}, request_id="req-err")
        self.assertEqual("error", result.kind)
        self.assertEqual("ValueError", result.headers["lambda-runtime-function-error-type"])
        body = result.json()
        self.assertEqual("ValueError", body["errorType"])
        self.assertEqual("boom x", body["errorMessage"])
        self.assertEqual("req-err", body["requestId"])
        app = os.path.join(instance.task_root, "app.py")
        self.assertEqual(2, len(body["stackTrace"]), body["stackTrace"])
        # Python 3.13 adds a line of carets under the call, as Lambda's python3.13 runtime shows.
        self.assertTrue(body["stackTrace"][0].startswith('  File "%s", line 7, in handler\n    fail(event["v"])\n' % app))
        self.assertTrue(body["stackTrace"][1].startswith('  File "%s", line 3, in fail\n' % app))
        self.assertIn("before the failure\n[ERROR] ValueError: boom x\nTraceback (most recent call last):\n", result.log_snapshot)
        again = instance.invoke({"v": "y"})
        self.assertEqual("boom y", again.json()["errorMessage"], "the instance keeps serving after an error")

    def test_unserialisable_result_is_a_marshal_error(self):
        instance = self.start({"app.py": """
            def handler(event, context):
                return {"a set": {1, 2}}
            """})
        body = instance.invoke({}).json()
        self.assertEqual("Runtime.MarshalError", body["errorType"])
        self.assertEqual("Unable to marshal response: Object of type set is not JSON serializable", body["errorMessage"])
        self.assertEqual([], body["stackTrace"])

    def test_invalid_event_is_an_unmarshal_error(self):
        instance = self.start({"app.py": """
            def handler(event, context):
                return event
            """})
        body = instance.invoke(b"{not json").json()
        self.assertEqual("Runtime.UnmarshalError", body["errorType"])
        self.assertTrue(body["errorMessage"].startswith("Unable to unmarshal input: Expecting property name"), body)

    # -- initialisation errors ---------------------------------------------------

    def assertInitError(self, instance, error_type, message):
        result = instance.init_error()
        body = result.json()
        self.assertEqual(error_type, body["errorType"])
        self.assertEqual(message, body["errorMessage"])
        self.assertEqual(error_type, result.headers["lambda-runtime-function-error-type"])
        self.assertEqual(1, instance.process.returncode)
        self.assertIn("[ERROR] %s: %s" % (error_type, message), instance.output())
        return body

    def test_missing_module_is_an_import_module_error(self):
        instance = self.start({"other.py": ""})
        self.assertInitError(instance, "Runtime.ImportModuleError", "Unable to import module 'app': No module named 'app'")

    def test_missing_dependency_is_an_import_module_error(self):
        instance = self.start({"app.py": "import not_installed_anywhere\n"})
        self.assertInitError(
            instance, "Runtime.ImportModuleError", "Unable to import module 'app': No module named 'not_installed_anywhere'"
        )

    def test_syntax_error_is_reported_with_its_location(self):
        instance = self.start({"app.py": "def handler(event, context)\n    return 1\n"})
        body = instance.init_error().json()
        self.assertEqual("Runtime.UserCodeSyntaxError", body["errorType"])
        self.assertTrue(body["errorMessage"].startswith("Syntax error in module 'app': "), body)
        self.assertIn("app.py, line 1", body["errorMessage"])
        self.assertTrue(body["stackTrace"][0].startswith('  File "%s" Line 1' % os.path.join(instance.task_root, "app.py")))

    def test_missing_function_is_handler_not_found(self):
        instance = self.start({"app.py": "def handler(event, context):\n    return 1\n"}, handler="app.nope")
        self.assertInitError(instance, "Runtime.HandlerNotFound", "Handler 'nope' missing on module 'app'")

    def test_handler_without_a_dot_is_malformed(self):
        instance = self.start({"app.py": ""}, handler="app")
        self.assertInitError(
            instance, "Runtime.MalformedHandlerName", "Bad handler 'app': not enough values to unpack (expected 2, got 1)"
        )

    def test_exception_at_import_is_reported_with_its_own_type(self):
        instance = self.start({"app.py": "raise RuntimeError('no config')\n"})
        body = self.assertInitError(instance, "RuntimeError", "no config")
        self.assertTrue(any("app.py\", line 1, in <module>" in frame for frame in body["stackTrace"]), body)


class JsonCodecTest(unittest.TestCase):
    """The `_json` fast path must give exactly what the json module gives."""

    @classmethod
    def setUpClass(cls):
        spec = importlib.util.spec_from_file_location("gust_bootstrap", BOOTSTRAP)
        cls.bootstrap = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cls.bootstrap)

    SAMPLES = [
        {"a": 1, "b": [True, False, None], "c": {"d": -1.5e-7, "e": "caf\u00e9 \u2603 \ud83d\ude00"}},
        [],
        "plain",
        12345678901234567890,
        3.141592653589793,
        {"nested": [[[[{"x": "\n\t\"\\"}]]]]},
        {"nan": float("nan"), "inf": float("inf")},
    ]

    def test_fast_codec_is_in_use(self):
        self.assertIsInstance(self.bootstrap._make_json_codec(), self.bootstrap._JsonCodec)

    def test_dumps_matches_json_module(self):
        for ascii_only in (True, False):
            codec = self.bootstrap._JsonCodec(ascii_only)
            for sample in self.SAMPLES:
                self.assertEqual(json.dumps(sample, ensure_ascii=ascii_only), codec.dumps(sample))

    def test_loads_matches_json_module(self):
        codec = self.bootstrap._JsonCodec(True)
        for sample in self.SAMPLES[:-1]:
            text = " \n" + json.dumps(sample) + "\t "
            self.assertEqual(json.loads(text), codec.loads(text))
        self.assertEqual(repr(json.loads("[NaN, -Infinity]")), repr(codec.loads("[NaN, -Infinity]")))

    def test_errors_match_json_module(self):
        codec = self.bootstrap._JsonCodec(True)
        for text in ("", "{", "[1,]", "1 2", '"unterminated', "{not json", '"\\x"', "[1] x"):
            with self.assertRaises(ValueError) as expected:
                json.loads(text)
            with self.assertRaises(ValueError) as actual:
                codec.loads(text)
            self.assertEqual(str(expected.exception), str(actual.exception))
        with self.assertRaisesRegex(TypeError, "Object of type set is not JSON serializable"):
            codec.dumps({1, 2})
        with self.assertRaisesRegex(ValueError, "Circular reference detected"):
            loop = []
            loop.append(loop)
            codec.dumps(loop)

    def test_decimals_become_numbers(self):
        codec = self.bootstrap._JsonCodec(True)
        self.assertEqual("[7, 0.25]", codec.dumps([decimal.Decimal("7"), decimal.Decimal("0.25")]))


if __name__ == "__main__":
    unittest.main()
