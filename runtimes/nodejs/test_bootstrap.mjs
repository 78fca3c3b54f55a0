// Tests of the Node.js bootstrap, run as a real child process against a stub Runtime API.
//
// Run with `node --test runtimes/nodejs/` (Node 20+). GUST_TEST_NODE picks the node binary
// that runs the bootstrap (default: the one running the tests).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BOOTSTRAP = path.join(HERE, 'bootstrap.mjs');
const NODE = process.env.GUST_TEST_NODE || process.execPath;
const PREFIX = '/2018-06-01/runtime/';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:test';

/** A stand-in Runtime API: queues events, records POSTs with a snapshot of the log file. */
class RuntimeApiStub {
  events = [];
  waitingNext = [];
  results = new Map();
  waiters = new Map();
  connections = 0;

  constructor(logPath) {
    this.logPath = logPath;
    this.server = createServer((req, res) => this.#handle(req, res));
    this.server.on('connection', () => this.connections++);
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.address = `127.0.0.1:${this.server.address().port}`;
  }

  stop() {
    this.server.closeAllConnections();
    this.server.close();
  }

  addEvent(event, { requestId = randomUUID(), headers = {}, deadlineMs = Date.now() + 30_000 } = {}) {
    const body = Buffer.isBuffer(event) ? event : Buffer.from(JSON.stringify(event));
    const allHeaders = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': requestId,
      'Lambda-Runtime-Deadline-Ms': String(deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': ARN,
      'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
      ...headers,
    };
    const waiting = this.waitingNext.shift();
    if (waiting) this.#sendEvent(waiting, body, allHeaders);
    else this.events.push([body, allHeaders]);
    return requestId;
  }

  result(key, timeoutMs = 10_000) {
    if (this.results.has(key)) return Promise.resolve(this.results.get(key));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result for ${key}`)), timeoutMs);
      this.waiters.set(key, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  #sendEvent(res, body, headers) {
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(body);
  }

  #handle(req, res) {
    if (req.method === 'GET' && req.url === PREFIX + 'invocation/next') {
      const queued = this.events.shift();
      if (queued) this.#sendEvent(res, ...queued);
      else this.waitingNext.push(res);
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const logSnapshot = readFileSync(this.logPath, 'utf8');
      let key;
      let kind;
      if (req.url === PREFIX + 'init/error') {
        key = 'init';
        kind = 'init_error';
      } else {
        const match = /^\/2018-06-01\/runtime\/invocation\/(.+)\/(response|error)$/.exec(req.url);
        if (!match) {
          res.writeHead(404).end();
          return;
        }
        [, key, kind] = match;
      }
      const body = Buffer.concat(chunks);
      const result = { kind, body, headers: req.headers, logSnapshot, json: () => JSON.parse(body) };
      res.writeHead(202, { 'Content-Type': 'application/json', 'Content-Length': 15 });
      res.end('{"status":"OK"}');
      this.results.set(key, result);
      this.waiters.get(key)?.(result);
    });
  }
}

/** One bootstrap process with its task root, log file and stub. */
async function startInstance(t, files, handler = 'index.handler', env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gust-node-test-'));
  const taskRoot = path.join(dir, 'task');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(taskRoot, name)), { recursive: true });
    writeFileSync(path.join(taskRoot, name), text);
  }
  const logPath = path.join(dir, 'instance.log');
  const log = openSync(logPath, 'a');
  const stub = new RuntimeApiStub(logPath);
  await stub.start();
  const child = spawn(NODE, [BOOTSTRAP], {
    cwd: taskRoot,
    stdio: ['ignore', log, log],
    env: {
      AWS_LAMBDA_RUNTIME_API: stub.address,
      _HANDLER: handler,
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: HERE,
      AWS_LAMBDA_FUNCTION_NAME: 'test',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/test',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]0123456789abcdef',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      TZ: ':UTC',
      LANG: 'C.UTF-8',
      PATH: process.env.PATH,
      ...env,
    },
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  t.after(() => {
    child.kill('SIGKILL');
    stub.stop();
    closeSync(log);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    taskRoot,
    stub,
    exited,
    output: () => readFileSync(logPath, 'utf8'),
    invoke: (event, options) => stub.result(stub.addEvent(event, options)),
  };
}

const LOG_LINE = (level, requestId, message) =>
  new RegExp(`\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${requestId}\\t${level}\\t${message}\\n`);

// ------------------------------------------------------------------------------ results

test('async handler result is posted as JSON', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': 'export const handler = async (event) => ({ message: `Hello, ${event.name ?? "world"}!` });',
  });
  const result = await instance.invoke({ name: 'Ada' });
  assert.equal(result.kind, 'response');
  assert.deepEqual(result.json(), { message: 'Hello, Ada!' });
  assert.equal(result.headers['content-type'], 'application/json');
});

test('module state is kept between invocations on one connection', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': 'let count = 0; export async function handler() { return ++count; }',
  });
  assert.equal((await instance.invoke({})).json(), 1);
  assert.equal((await instance.invoke({})).json(), 2);
  assert.equal(instance.stub.connections, 1);
});

test('a large event and result round-trip', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': 'export const handler = async (event) => ({ size: event.blob.length, blob: event.blob });',
  });
  const blob = 'x'.repeat(5 * 1024 * 1024);
  const result = await instance.invoke({ blob });
  assert.equal(result.json().size, blob.length);
});

test('CommonJS .js, ES module .js under type:module, and .cjs files are loaded', async (t) => {
  const cjs = await startInstance(t, { 'app.js': 'exports.handler = async () => "cjs";' }, 'app.handler');
  assert.equal((await cjs.invoke({})).json(), 'cjs');
  const esm = await startInstance(
    t,
    { 'package.json': '{"type": "module"}', 'src/app.js': 'export const handler = async () => "esm";' },
    'src/app.handler',
  );
  assert.equal((await esm.invoke({})).json(), 'esm');
  const dotCjs = await startInstance(t, { 'lib.cjs': 'module.exports.nested = { fn: async () => "cjs file" };' }, 'lib.nested.fn');
  assert.equal((await dotCjs.invoke({})).json(), 'cjs file');
});

test('a promise-returning function and a sync function without result', async (t) => {
  const instance = await startInstance(t, {
    'index.js': `
      exports.promise = (event) => new Promise((resolve) => setTimeout(() => resolve(event.x * 2), 10));
      exports.nothing = () => { setTimeout(() => console.log('timer done'), 20); };`,
  }, 'index.promise');
  assert.equal((await instance.invoke({ x: 21 })).json(), 42);
  const silent = await startInstance(t, { 'index.js': 'exports.nothing = () => { setTimeout(() => console.log("timer done"), 20); };' }, 'index.nothing');
  const result = await silent.invoke({});
  assert.equal(result.body.toString(), 'null');
  assert.match(result.logSnapshot, /timer done/, 'null is posted once the event loop is empty');
});

test('callback handler answers when the event loop is empty', async (t) => {
  const instance = await startInstance(t, {
    'index.js': `exports.handler = (event, context, callback) => {
      setTimeout(() => console.log('late timer fired'), 50);
      callback(null, { waited: context.callbackWaitsForEmptyEventLoop });
    };`,
  });
  const result = await instance.invoke({});
  assert.deepEqual(result.json(), { waited: true });
  assert.match(result.logSnapshot, /late timer fired/);
});

test('callback handler answers at once when callbackWaitsForEmptyEventLoop is false', async (t) => {
  const instance = await startInstance(t, {
    'index.js': `exports.handler = (event, context, callback) => {
      context.callbackWaitsForEmptyEventLoop = false;
      setTimeout(() => console.log('late timer fired'), 300);
      callback(null, 'early');
    };`,
  });
  const result = await instance.invoke({});
  assert.equal(result.json(), 'early');
  assert.doesNotMatch(result.logSnapshot, /late timer fired/);
});

test('context carries Lambda fields', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = async (event, context) => ({
      awsRequestId: context.awsRequestId,
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      logGroupName: context.logGroupName,
      logStreamName: context.logStreamName,
      remaining: context.getRemainingTimeInMillis(),
      identity: context.identity,
      clientContext: context.clientContext,
      waits: context.callbackWaitsForEmptyEventLoop,
      trace: process.env._X_AMZN_TRACE_ID,
    });`,
  });
  const result = await instance.invoke({}, {
    requestId: 'req-ctx',
    deadlineMs: Date.now() + 20_000,
    headers: {
      'Lambda-Runtime-Cognito-Identity': JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }),
      'Lambda-Runtime-Client-Context': JSON.stringify({ custom: { k: 'v' } }),
      'Lambda-Runtime-Trace-Id': 'Root=1-abc;Sampled=1',
    },
  });
  const ctx = result.json();
  assert.equal(ctx.awsRequestId, 'req-ctx');
  assert.equal(ctx.functionName, 'test');
  assert.equal(ctx.functionVersion, '$LATEST');
  assert.equal(ctx.invokedFunctionArn, ARN);
  assert.equal(ctx.memoryLimitInMB, '128', 'a string, as on Lambda');
  assert.equal(ctx.logGroupName, '/aws/lambda/test');
  assert.ok(ctx.logStreamName);
  assert.ok(ctx.remaining > 0 && ctx.remaining <= 20_000, String(ctx.remaining));
  assert.deepEqual(ctx.identity, { cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' });
  assert.deepEqual(ctx.clientContext, { custom: { k: 'v' } });
  assert.equal(ctx.waits, true);
  assert.equal(ctx.trace, 'Root=1-abc;Sampled=1');
});

test('console output is in Lambda format and flushed before the response', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = async (event) => {
      console.log('hello %s', event.who);
      console.warn('careful');
      console.error(new Error('shown'));
      process.stdout.write('raw without newline');
      return 'ok';
    };`,
  });
  const result = await instance.invoke({ who: 'Ada' }, { requestId: 'req-log' });
  assert.match(result.logSnapshot, LOG_LINE('INFO', 'req-log', 'hello Ada'));
  assert.match(result.logSnapshot, LOG_LINE('WARN', 'req-log', 'careful'));
  assert.match(result.logSnapshot, /\treq-log\tERROR\tError: shown\n    at /);
  assert.match(result.logSnapshot, /raw without newline/);
});

// ---------------------------------------------------------------------- invocation errors

test('thrown error is posted with name, message and trace', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = async () => { throw new TypeError('boom'); };`,
  });
  const result = await instance.invoke({}, { requestId: 'req-err' });
  assert.equal(result.kind, 'error');
  assert.equal(result.headers['lambda-runtime-function-error-type'], 'TypeError');
  const body = result.json();
  assert.equal(body.errorType, 'TypeError');
  assert.equal(body.errorMessage, 'boom');
  assert.equal(body.trace[0], 'TypeError: boom');
  assert.match(body.trace[1], /^ {4}at handler \(file:\/\/.*index\.mjs:1:\d+\)$/);
  assert.deepEqual(body.stackTrace, body.trace);
  assert.match(result.logSnapshot, /\treq-err\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"boom","stack":\["TypeError: boom",/);
  assert.equal((await instance.invoke({})).kind, 'error', 'the instance keeps serving');
});

test('a rejection with a non-Error value and a callback error', async (t) => {
  const instance = await startInstance(t, {
    'index.js': `
      exports.rejects = () => Promise.reject('plain string');
      exports.callsBack = (event, context, callback) => callback(new RangeError('too far'));`,
  }, 'index.rejects');
  assert.deepEqual((await instance.invoke({})).json(), { errorType: 'string', errorMessage: 'plain string', trace: [], stackTrace: [] });
  const other = await startInstance(t, { 'index.js': 'exports.callsBack = (e, c, cb) => cb(new RangeError("too far"));' }, 'index.callsBack');
  const body = (await other.invoke({})).json();
  assert.equal(body.errorType, 'RangeError');
  assert.equal(body.errorMessage, 'too far');
});

test('unhandled rejection during an invocation fails it and ends the process', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = async () => {
      Promise.reject(new Error('forgotten'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'too late';
    };`,
  });
  const result = await instance.invoke({});
  assert.equal(result.kind, 'error');
  const body = result.json();
  assert.equal(body.errorType, 'Runtime.UnhandledPromiseRejection');
  assert.equal(body.errorMessage, 'Error: forgotten');
  assert.equal(await instance.exited, 128);
});

test('uncaught exception during an invocation fails it and ends the process', async (t) => {
  const instance = await startInstance(t, {
    'index.js': `exports.handler = (event, context, callback) => {
      setTimeout(() => { throw new Error('from a timer'); }, 10);
    };`,
  });
  const body = (await instance.invoke({})).json();
  assert.equal(body.errorType, 'Error');
  assert.equal(body.errorMessage, 'from a timer');
  assert.equal(await instance.exited, 129);
  assert.match(instance.output(), /ERROR\tUncaught Exception \t\{"errorType":"Error","errorMessage":"from a timer"/);
});

test('async handler that never settles fails once the event loop is empty', async (t) => {
  const instance = await startInstance(t, { 'index.mjs': 'export const handler = async () => new Promise(() => {});' });
  const body = (await instance.invoke({})).json();
  assert.equal(body.errorType, 'Runtime.NodeJsExit');
});

test('unserialisable result is reported', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': 'export const handler = async () => { const a = {}; a.self = a; return a; };',
  });
  const body = (await instance.invoke({})).json();
  assert.equal(body.errorType, 'Runtime.JSONStringifyError');
  assert.match(body.errorMessage, /^Unable to stringify response body: /);
});

// ------------------------------------------------------------------ initialisation errors

async function assertInitError(instance, errorType, message) {
  const result = await instance.stub.result('init');
  const body = result.json();
  assert.equal(body.errorType, errorType);
  if (message instanceof RegExp) assert.match(body.errorMessage, message);
  else assert.equal(body.errorMessage, message);
  assert.equal(result.headers['lambda-runtime-function-error-type'], errorType);
  assert.ok(Array.isArray(body.trace));
  assert.equal(await instance.exited, 1);
  assert.match(instance.output(), new RegExp(`ERROR\\tUncaught Exception \\t\\{"errorType":"${errorType.replace('.', '\\.')}"`));
  return body;
}

test('missing module is Runtime.ImportModuleError', async (t) => {
  const instance = await startInstance(t, { 'other.mjs': '' });
  await assertInitError(instance, 'Runtime.ImportModuleError', /^Error: Cannot find module 'index'/);
});

test('missing dependency of an ES module is Runtime.ImportModuleError', async (t) => {
  const instance = await startInstance(t, { 'index.mjs': 'import "not-installed-anywhere"; export const handler = async () => 1;' });
  await assertInitError(instance, 'Runtime.ImportModuleError', /Cannot find package 'not-installed-anywhere'/);
});

test('missing function is Runtime.HandlerNotFound', async (t) => {
  const instance = await startInstance(t, { 'index.mjs': 'export const handler = async () => 1;' }, 'index.nope');
  await assertInitError(instance, 'Runtime.HandlerNotFound', 'index.nope is undefined or not exported');
});

test('exported value that is not a function is Runtime.HandlerNotFound', async (t) => {
  const instance = await startInstance(t, { 'index.mjs': 'export const handler = 42;' });
  await assertInitError(instance, 'Runtime.HandlerNotFound', 'index.handler is not a function');
});

test('syntax error is Runtime.UserCodeSyntaxError', async (t) => {
  const instance = await startInstance(t, { 'index.mjs': 'export const handler = async ( => 1;' });
  await assertInitError(instance, 'Runtime.UserCodeSyntaxError', /^SyntaxError: /);
});

test('handler without a dot or with .. is Runtime.MalformedHandlerName', async (t) => {
  const noDot = await startInstance(t, { 'index.mjs': '' }, 'index');
  await assertInitError(noDot, 'Runtime.MalformedHandlerName', 'Bad handler');
  const parent = await startInstance(t, { 'index.mjs': '' }, '../index.handler');
  await assertInitError(parent, 'Runtime.MalformedHandlerName', /is not a valid handler name/);
});

test('error thrown by module code is reported with its own type', async (t) => {
  const instance = await startInstance(t, { 'index.js': 'throw new RangeError("bad config");' });
  await assertInitError(instance, 'RangeError', 'bad config');
});
