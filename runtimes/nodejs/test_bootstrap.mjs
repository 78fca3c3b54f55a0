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

/**
 * A stand-in Runtime API: queues events, records POSTs with a snapshot of the log file. A
 * streamed (chunked) POST is recorded chunk by chunk as it arrives, with its trailers; a handler
 * can wait on `GET /test/gate/<request id>/<n>`, which answers once n chunks of that request's
 * streamed response have arrived.
 */
class RuntimeApiStub {
  events = [];
  waitingNext = [];
  results = new Map();
  waiters = new Map();
  connections = 0;
  /** request id -> [{data, at, seq}] for streamed POSTs, filled while they arrive. */
  streams = new Map();
  gates = [];
  /** Request ids whose streamed response is not read until resume(id). */
  paused = new Map();
  /** Counts everything the stub sees, so that events can be put in order. */
  seq = 0;

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

  pause(requestId) {
    this.paused.set(requestId, null);
  }

  resume(requestId) {
    this.paused.get(requestId)?.resume();
    this.paused.delete(requestId);
  }

  #openGates() {
    this.gates = this.gates.filter(({ requestId, count, res }) => {
      if ((this.streams.get(requestId)?.length ?? 0) < count) return true;
      res.writeHead(200, { 'Content-Length': 2, Connection: 'close' }).end('ok');
      return false;
    });
  }

  #handle(req, res) {
    if (req.method === 'GET' && req.url === PREFIX + 'invocation/next') {
      const queued = this.events.shift();
      if (queued) this.#sendEvent(res, ...queued);
      else this.waitingNext.push(res);
      return;
    }
    const gate = /^\/test\/gate\/([^/]+)\/(\d+)$/.exec(req.url);
    if (req.method === 'GET' && gate) {
      this.gates.push({ requestId: gate[1], count: Number(gate[2]), res });
      this.#openGates();
      return;
    }
    let key;
    let kind;
    if (req.url === PREFIX + 'init/error') {
      key = 'init';
      kind = 'init_error';
    } else {
      const match = /^\/2018-06-01\/runtime\/invocation\/(.+)\/(response|error)$/.exec(req.url);
      if (!match) {
        req.resume();
        res.writeHead(404).end();
        return;
      }
      [, key, kind] = match;
    }
    const streamed = req.headers['transfer-encoding'] === 'chunked';
    const chunks = [];
    if (streamed) this.streams.set(key, chunks);
    if (this.paused.has(key)) {
      req.pause();
      this.paused.set(key, req);
    }
    req.on('data', (data) => {
      chunks.push({ data, at: performance.now(), seq: ++this.seq });
      if (streamed) this.#openGates();
    });
    req.on('end', () => {
      const logSnapshot = readFileSync(this.logPath, 'utf8');
      const body = Buffer.concat(chunks.map((chunk) => chunk.data));
      const result = {
        kind,
        body,
        headers: req.headers,
        streamed,
        chunks: streamed ? chunks : null,
        trailers: req.trailers,
        endedAt: performance.now(),
        endSeq: ++this.seq,
        logSnapshot,
        json: () => JSON.parse(body),
      };
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

// ------------------------------------------------------------------- response streaming

/** Handler-side helper: resolves once the stub has received `count` chunks of this response. */
const GATE = `
  const { get: httpGet } = require('node:http');
  const gate = (context, count) =>
    new Promise((resolve, reject) =>
      httpGet(
        \`http://\${process.env.AWS_LAMBDA_RUNTIME_API}/test/gate/\${context.awsRequestId}/\${count}\`,
        { agent: false },
        (res) => res.resume().on('end', resolve),
      ).on('error', reject),
    );
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
`;
const STREAM_HEADERS = {
  'lambda-runtime-function-response-mode': 'streaming',
  'transfer-encoding': 'chunked',
  trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
};

function assertStreamHeaders(result, contentType) {
  for (const [name, value] of Object.entries(STREAM_HEADERS)) assert.equal(result.headers[name], value, name);
  assert.equal(result.headers['content-type'], contentType);
  assert.equal(result.headers['content-length'], undefined);
}

function decodeErrorTrailer(result) {
  return JSON.parse(Buffer.from(result.trailers['lambda-runtime-function-error-body'], 'base64').toString('utf8'));
}

test('a streaming handler sends each write as a chunk while it runs', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      ${GATE}
      export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
        responseStream.write('one;');
        await gate(context, 1); // held here until the stub has chunk 1
        await sleep(30);
        responseStream.write('two;');
        await gate(context, 2);
        await sleep(30);
        responseStream.write(Buffer.from('three;'));
        await gate(context, 3);
        console.log('handler finished');
      });`,
  });
  const result = await instance.invoke({}, { requestId: 'req-stream' });
  assert.equal(result.kind, 'response');
  assert.equal(result.streamed, true);
  assertStreamHeaders(result, 'application/octet-stream');
  // One chunk per write, in order; the handler got past each write only once the stub had it,
  // so every chunk arrived before the handler finished, and before the request ended.
  assert.deepEqual(result.chunks.map((chunk) => chunk.data.toString()), ['one;', 'two;', 'three;']);
  assert.ok(result.chunks.every((chunk, i) => i === 0 || chunk.seq > result.chunks[i - 1].seq));
  assert.ok(result.chunks.every((chunk) => chunk.at <= result.endedAt && chunk.seq < result.endSeq));
  assert.deepEqual(result.trailers, {}, 'a successful stream ends without trailers');
  assert.match(result.logSnapshot, LOG_LINE('INFO', 'req-stream', 'handler finished'), 'logs are flushed before the last chunk');
});

test('HttpResponseStream.from writes the prelude; CommonJS modules see awslambda as they load', async (t) => {
  const metadata = { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-a': 'b' }, cookies: ['c=d; Secure'] };
  const instance = await startInstance(t, {
    'app.js': `
      const { pipeline } = require('node:stream/promises');
      const { Readable } = require('node:stream');
      if (typeof awslambda.HttpResponseStream.from !== 'function') throw new Error('no awslambda at load time');
      exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
        responseStream = awslambda.HttpResponseStream.from(responseStream, event.metadata);
        await pipeline(Readable.from(['héllo ', Buffer.from('wörld')]), responseStream);
      });`,
  }, 'app.handler');
  const result = await instance.invoke({ metadata });
  assertStreamHeaders(result, 'application/vnd.awslambda.http-integration-response');
  const expected = Buffer.concat([Buffer.from(JSON.stringify(metadata)), Buffer.alloc(8), Buffer.from('héllo wörld')]);
  assert.deepEqual(result.body, expected);
  assert.deepEqual(result.trailers, {});
});

test('setContentType, a stream ended by a handler that returns nothing, and empty writes', async (t) => {
  const instance = await startInstance(t, {
    'index.js': `
      exports.handler = awslambda.streamifyResponse((event, responseStream) => {
        responseStream.setContentType('text/plain; charset=utf-8');
        responseStream.write('');
        responseStream.write('a');
        try {
          responseStream.setContentType('text/html');
        } catch (error) {
          responseStream.write('|' + error.message);
        }
        setTimeout(() => responseStream.end('|end'), 20);
      });`,
  });
  const result = await instance.invoke({});
  assertStreamHeaders(result, 'text/plain; charset=utf-8');
  assert.equal(result.body.toString(), 'a|The content type cannot be set after the first write to the response stream|end');
});

test('an error after writing ends the stream with error trailers', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      responseStream.write('partial ');
      responseStream.write('body');
      await new Promise((resolve) => setTimeout(resolve, 10));
      console.log('about to fail');
      throw new TypeError('broke mid-stream');
    });`,
  });
  const result = await instance.invoke({}, { requestId: 'req-mid' });
  assert.equal(result.kind, 'response');
  assert.equal(result.body.toString(), 'partial body', 'what was written before the error is kept');
  assert.equal(result.trailers['lambda-runtime-function-error-type'], 'TypeError');
  const body = decodeErrorTrailer(result);
  assert.deepEqual(Object.keys(body), ['errorType', 'errorMessage', 'trace', 'stackTrace']);
  assert.equal(body.errorType, 'TypeError');
  assert.equal(body.errorMessage, 'broke mid-stream');
  assert.equal(body.trace[0], 'TypeError: broke mid-stream');
  assert.deepEqual(body.stackTrace, body.trace);
  assert.match(result.logSnapshot, LOG_LINE('INFO', 'req-mid', 'about to fail'));
  assert.match(result.logSnapshot, /\treq-mid\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"broke mid-stream"/);
  assert.equal((await instance.invoke({})).trailers['lambda-runtime-function-error-type'], 'TypeError', 'the instance keeps serving');
  assert.equal(instance.stub.connections, 1);
});

test('an error before anything is written is posted to /error', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      awslambda.HttpResponseStream.from(responseStream, { statusCode: 200 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (event.fail) throw new RangeError('nothing written');
      responseStream.end('fine');
    });`,
  });
  const result = await instance.invoke({ fail: true }, { requestId: 'req-early' });
  assert.equal(result.kind, 'error');
  assert.equal(result.streamed, false);
  assert.equal(result.headers['lambda-runtime-function-error-type'], 'RangeError');
  assert.equal(result.headers['content-type'], 'application/json');
  const body = result.json();
  assert.equal(body.errorType, 'RangeError');
  assert.equal(body.errorMessage, 'nothing written');
  assert.equal(instance.stub.streams.has('req-early'), false, 'no streamed response was started');
  const next = await instance.invoke({});
  assert.equal(next.kind, 'response');
  assert.deepEqual(next.body, Buffer.concat([Buffer.from('{"statusCode":200}'), Buffer.alloc(8), Buffer.from('fine')]));
});

test('the keep-alive connection serves ordinary requests between streamed responses', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      if (event.fail) throw new Error('plain failure');
      for (const word of event.words) responseStream.write(word);
      responseStream.end();
    });`,
  });
  const first = await instance.invoke({ words: ['a', 'b'] });
  assert.equal(first.body.toString(), 'ab');
  const failed = await instance.invoke({ fail: true });
  assert.equal(failed.kind, 'error');
  assert.equal(failed.headers['content-length'], String(failed.body.length), 'an ordinary Content-Length POST');
  const second = await instance.invoke({ words: ['c'] });
  assert.equal(second.body.toString(), 'c');
  assert.equal(instance.stub.connections, 1, 'GET /next, streamed and ordinary POSTs share one connection');
});

test('a large streamed body respects backpressure and arrives intact', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      let refused = 0;
      for (let i = 0; i < 128; i++) {
        const chunk = Buffer.alloc(64 * 1024, i);
        if (!responseStream.write(chunk)) {
          refused++;
          await new Promise((resolve) => responseStream.once('drain', resolve));
        }
      }
      console.log('refused ' + refused);
      responseStream.end();
    });`,
  });
  const result = await instance.invoke({});
  assert.equal(result.body.length, 128 * 64 * 1024);
  for (let i = 0; i < 128; i++) assert.equal(result.body[i * 64 * 1024 + 1000], i);
  assert.match(result.logSnapshot, /refused [1-9]/, 'write() returned false once the buffer was full');
  assert.deepEqual(result.trailers, {});
});

test('writes wait for the socket: a platform that stops reading holds the handler back', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      const chunk = Buffer.alloc(64 * 1024, 'z');
      for (let i = 1; i <= 48 * 16; i++) {
        if (!responseStream.write(chunk)) await new Promise((resolve) => responseStream.once('drain', resolve));
        if (i % 16 === 0) process.stdout.write('wrote ' + i / 16 + ' MiB\\n');
      }
      responseStream.end();
    });`,
  });
  instance.stub.pause('req-paused');
  const pending = instance.invoke({}, { requestId: 'req-paused' });
  const progress = () => Math.max(0, ...[...instance.output().matchAll(/wrote (\d+) MiB/g)].map((m) => Number(m[1])));
  while (progress() < 1) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Only the socket buffers (a few MiB on loopback) and the stream's high-water mark can take
  // data while nobody reads; without backpressure all 48 MiB would be accepted at once.
  const stalledAt = progress();
  assert.ok(stalledAt < 32, `the handler wrote ${stalledAt} MiB while the platform was not reading`);
  instance.stub.resume('req-paused');
  const result = await pending;
  assert.equal(result.body.length, 48 * 1024 * 1024);
  assert.equal(progress(), 48);
});

test('a streaming handler that never settles fails with trailers once the event loop is empty', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      responseStream.write('started');
      await new Promise(() => {});
    });`,
  });
  const result = await instance.invoke({});
  assert.equal(result.body.toString(), 'started');
  assert.equal(result.trailers['lambda-runtime-function-error-type'], 'Runtime.NodeJsExit');
  assert.equal((await instance.invoke({})).body.toString(), 'started', 'the instance keeps serving');
});

test('an uncaught exception mid-stream ends the stream with trailers and the process', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      responseStream.write('before');
      setTimeout(() => { throw new Error('from a timer'); }, 10);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    });`,
  });
  const result = await instance.invoke({});
  assert.equal(result.body.toString(), 'before');
  assert.equal(result.trailers['lambda-runtime-function-error-type'], 'Error');
  assert.equal(decodeErrorTrailer(result).errorMessage, 'from a timer');
  assert.equal(await instance.exited, 129);
});

test('a huge error is cut to fit the trailer line', async (t) => {
  const instance = await startInstance(t, {
    'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
      responseStream.write('x');
      throw new Error('m'.repeat(100000));
    });`,
  });
  const result = await instance.invoke({});
  assert.ok(result.trailers['lambda-runtime-function-error-body'].length <= 8192);
  const body = decodeErrorTrailer(result);
  assert.equal(body.errorType, 'Error');
  assert.match(body.errorMessage, /^m+$/);
});
