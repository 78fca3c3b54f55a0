// Gust's Node.js runtime: runs a Lambda-style handler inside one instance.
//
// The platform starts `node $LAMBDA_RUNTIME_DIR/bootstrap.mjs` with the task root as cwd.
// This file speaks the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API: it loads
// the handler named by $_HANDLER, then loops on GET /runtime/invocation/next, calls the
// handler and POSTs its result or error. Node built-ins only.
//
// Design notes:
// - HTTP/1.1 is spoken by hand over one keep-alive node:net socket with Nagle off. It is
//   cheaper than node:http with a keep-alive Agent, both to import and per request (see
//   runtimes/README.md for the numbers). The socket is unref'd while idle, so that the
//   event loop can drain during an invocation: that is how callback handlers get Lambda's
//   callbackWaitsForEmptyEventLoop behaviour, through 'beforeExit'.
// - The programming model is Lambda's: async or promise-returning handlers answer when the
//   promise settles; callback handlers (event, context, callback) answer when the event
//   loop is empty, or at once when context.callbackWaitsForEmptyEventLoop is false; a
//   handler that returns nothing and never calls back answers null once the loop is empty.
// - console.* is patched to Lambda's text format "<iso time>\t<request id>\t<LEVEL>\t<msg>".
// - Errors carry Lambda's names (Runtime.ImportModuleError, Runtime.HandlerNotFound, ...)
//   and its body {errorType, errorMessage, trace}; `stackTrace` repeats `trace` so clients
//   that read the field other runtimes use find it too.

import { connect } from 'node:net';
import { format } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const API_PREFIX = '/2018-06-01/runtime/';
const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------- errors

/** An Error whose name (on its prototype, as for built-in errors) is one of Lambda's. */
function runtimeError(name, message) {
  const RuntimeError = class extends Error {};
  RuntimeError.prototype.name = name;
  return new RuntimeError(message);
}

/** Wraps a failure to load the user's module; a syntax error keeps the stack pointing at the code. */
function wrapLoadError(name, original) {
  const error = runtimeError(name, String(original));
  if (name === 'Runtime.UserCodeSyntaxError' && typeof original?.stack === 'string') error.stack = original.stack;
  return error;
}

function isErrorLike(value) {
  return (
    value instanceof Error ||
    (value !== null &&
      typeof value === 'object' &&
      typeof value.name === 'string' &&
      typeof value.message === 'string' &&
      typeof value.stack === 'string')
  );
}

/** The body the Runtime API receives for a failed invocation or initialisation. */
function errorBody(error) {
  try {
    if (isErrorLike(error)) {
      const trace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
      return { errorType: error.name, errorMessage: error.message, trace, stackTrace: trace };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [], stackTrace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
      stackTrace: [],
    };
  }
}

/** The error as Lambda writes it to the log: a tab, then JSON with its own properties. */
function formatForLog(error) {
  const asError = isErrorLike(error) ? error : new Error(String(error));
  try {
    return (
      '\t' +
      JSON.stringify(asError, (_key, value) => {
        if (!(value instanceof Error)) return value;
        const copy = Object.assign(
          { errorType: value.name, errorMessage: value.message, code: value.code },
          value,
        );
        if (typeof value.stack === 'string') copy.stack = value.stack.split('\n');
        return copy;
      })
    );
  } catch {
    return '\t' + JSON.stringify(errorBody(asError));
  }
}

// --------------------------------------------------------------------------- console

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

function patchConsole() {
  const minimum = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()] ?? LEVELS.TRACE;
  const writer = (level) => {
    if (LEVELS[level] < minimum) return () => {};
    return (message, ...params) => {
      process.stdout.write(
        `${new Date().toISOString()}\t${globalThis[REQUEST_ID]}\t${level}\t${format(message, ...params)}\n`,
      );
    };
  };
  console.trace = writer('TRACE');
  console.debug = writer('DEBUG');
  console.info = writer('INFO');
  console.log = console.info;
  console.warn = writer('WARN');
  console.error = writer('ERROR');
  console.fatal = writer('FATAL');
}

async function flushOutput() {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength > 0) {
      await new Promise((resolve) => stream.write('', resolve));
    }
  }
}

// ------------------------------------------------------------------------------ HTTP

/** One keep-alive HTTP/1.1 connection to the Runtime API; requests go one at a time. */
class RuntimeApiClient {
  #host;
  #port;
  #hostHeader;
  #socket = null;
  #reused = false;
  #chunks = [];
  #size = 0;
  #head = null;
  #pending = null;
  #tail = Promise.resolve();

  constructor(address) {
    const colon = (address || '').lastIndexOf(':');
    const port = Number(address.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port)) {
      throw new Error(`AWS_LAMBDA_RUNTIME_API must be host:port, got '${address}'`);
    }
    this.#host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    this.#port = port;
    this.#hostHeader = `Host: ${address}\r\nUser-Agent: gust-nodejs/1\r\n`;
  }

  /** Sends a request after the ones already queued; resolves to {status, headers, body}. */
  request(method, path, body = null, headers = '') {
    const result = this.#tail.then(() => this.#send(method, path, body, headers, true));
    this.#tail = result.catch(() => {});
    return result;
  }

  #send(method, path, body, headers, mayRetry) {
    return new Promise((resolve, reject) => {
      const payload = body === null ? null : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
      let head = `${method} ${API_PREFIX}${path} HTTP/1.1\r\n${this.#hostHeader}${headers}`;
      if (payload !== null) head += `Content-Length: ${payload.length}\r\n`;
      head += '\r\n';
      const retry = () => {
        if (mayRetry) {
          this.#send(method, path, body, headers, false).then(resolve, reject);
          return true;
        }
        return false;
      };
      const socket = this.#connection();
      this.#pending = { resolve, reject, retry: this.#reused ? retry : null, received: false };
      socket.ref();
      if (payload === null) {
        socket.write(head, 'latin1');
      } else if (payload.length <= 65536) {
        socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
      } else {
        socket.cork();
        socket.write(head, 'latin1');
        socket.write(payload);
        socket.uncork();
      }
    });
  }

  #connection() {
    if (this.#socket !== null) {
      this.#reused = true;
      return this.#socket;
    }
    const socket = connect({ host: this.#host, port: this.#port });
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', (error) => this.#onClosed(socket, error));
    socket.on('close', () => this.#onClosed(socket, new Error('connection closed by the Runtime API')));
    this.#socket = socket;
    this.#reused = false;
    this.#chunks = [];
    this.#size = 0;
    this.#head = null;
    return socket;
  }

  #onClosed(socket, error) {
    if (this.#socket !== socket) return;
    this.#socket = null;
    socket.destroy();
    const pending = this.#pending;
    this.#pending = null;
    if (pending === null) return;
    // A reused connection the server closed while idle fails before any byte arrives.
    if (pending.received || pending.retry === null || !pending.retry()) {
      pending.reject(new Error(`Runtime API request failed: ${error.message}`));
    }
  }

  #onData(chunk) {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#pending !== null) this.#pending.received = true;
    while (this.#pending !== null) {
      if (this.#head === null && !this.#readHead()) return;
      const body = this.#head.chunked ? this.#readChunkedBody() : this.#readBody(this.#head.length);
      if (body === null) return;
      const { resolve } = this.#pending;
      const { status, headers } = this.#head;
      this.#pending = null;
      this.#head = null;
      if (headers.connection?.toLowerCase() === 'close') {
        const socket = this.#socket;
        this.#socket = null;
        socket.destroy();
      } else {
        this.#socket.unref();
      }
      resolve({ status, headers, body });
    }
  }

  #joined() {
    if (this.#chunks.length !== 1) this.#chunks = [Buffer.concat(this.#chunks, this.#size)];
    return this.#chunks[0];
  }

  #consume(count) {
    const buffer = this.#joined();
    this.#chunks = [buffer.subarray(count)];
    this.#size -= count;
  }

  #readHead() {
    const buffer = this.#joined();
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const lines = buffer.toString('latin1', 0, end).split('\r\n');
    const status = Number(lines[0].split(' ')[1]);
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const chunked = (headers['transfer-encoding'] || '').toLowerCase() === 'chunked';
    this.#head = { status, headers, chunked, length: Number(headers['content-length'] || 0) };
    this.#consume(end + 4);
    return true;
  }

  #readBody(length) {
    if (this.#size < length) return null;
    const buffer = this.#joined();
    const body = buffer.subarray(0, length);
    this.#consume(length);
    return body;
  }

  #readChunkedBody() {
    const buffer = this.#joined();
    const parts = [];
    let at = 0;
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
      at = lineEnd + 2;
      if (size === 0) {
        for (;;) {
          const end = buffer.indexOf('\r\n', at);
          if (end < 0) return null;
          const empty = end === at;
          at = end + 2;
          if (empty) break;
        }
        this.#consume(at);
        return Buffer.concat(parts);
      }
      if (buffer.length < at + size + 2) return null;
      parts.push(buffer.subarray(at, at + size));
      at += size + 2;
    }
  }
}

// --------------------------------------------------------------------------- loading

function hasPackageJsonTypeModule(folder) {
  // The nearest package.json decides; a node_modules folder ends the search.
  for (;;) {
    if (folder.endsWith('/node_modules')) return false;
    const file = path.join(folder, 'package.json');
    if (existsSync(file)) {
      try {
        return JSON.parse(readFileSync(file, 'utf8'))?.type === 'module';
      } catch (error) {
        console.warn(`${file} cannot be read, it will be ignored for ES module detection purposes.`, error);
        return false;
      }
    }
    const parent = path.dirname(folder);
    if (parent === folder) return false;
    folder = parent;
  }
}

async function importFile(file) {
  return import(pathToFileURL(file).href);
}

/** Loads the module the way Lambda resolves it: extensionless, .js, .mjs, .cjs, node_modules. */
async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  if (existsSync(base)) return require(base);
  const typeModule = hasPackageJsonTypeModule(path.dirname(base));
  if (existsSync(base + '.js')) return typeModule ? importFile(base + '.js') : require(base + '.js');
  if (existsSync(base + '.mjs')) return importFile(base + '.mjs');
  if (existsSync(base + '.cjs')) return require(base + '.cjs');
  return require(require.resolve(moduleName, { paths: [appRoot, path.resolve(appRoot, moduleRoot)] }));
}

async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw runtimeError(
      'Runtime.MalformedHandlerName',
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = /^([^.]*)\.(.*)$/.exec(handlerString);
  if (match === null) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, handlerPath] = match;

  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw wrapLoadError('Runtime.UserCodeSyntaxError', error);
    if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') {
      throw wrapLoadError('Runtime.ImportModuleError', error);
    }
    throw error;
  }
  const handler = handlerPath.split('.').reduce((object, key) => object && object[key], app);
  if (!handler) throw runtimeError('Runtime.HandlerNotFound', `${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw runtimeError('Runtime.HandlerNotFound', `${fullHandler} is not a function`);
  return handler;
}

// --------------------------------------------------------------------------- running

function parseJsonHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`Cannot parse ${name} as json: ${error}`);
  }
}

class Runtime {
  #api;
  #handler;
  #isAsync;
  #env;
  /** The invocation being served: {requestId, finished, onEmptyLoop}, or null. */
  current = null;

  constructor(api, handler) {
    this.#api = api;
    this.#handler = handler;
    this.#isAsync = handler.constructor?.name === 'AsyncFunction';
    this.#env = {
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    };
    process.on('beforeExit', () => this.#onEmptyEventLoop());
  }

  async next() {
    let answer;
    try {
      answer = await this.#api.request('GET', 'invocation/next');
    } catch (error) {
      die(error.message);
    }
    if (answer.status !== 200) die(`GET invocation/next answered ${answer.status}: ${answer.body}`);
    this.#serve(answer.headers, answer.body);
  }

  #serve(headers, body) {
    const requestId = headers['lambda-runtime-aws-request-id'];
    const invocation = { requestId, finished: false, onEmptyLoop: null };
    this.current = invocation;
    globalThis[REQUEST_ID] = requestId;
    if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
    else delete process.env._X_AMZN_TRACE_ID;

    const finish = (error, result) => this.#finish(invocation, error, result);
    let waitForEmptyLoop = true;
    const callback = (error, result) => {
      if (invocation.finished) return;
      if (error !== undefined && error !== null) finish(error);
      else if (!waitForEmptyLoop) finish(null, result);
      else invocation.onEmptyLoop = () => finish(null, result);
    };
    try {
      const deadline = Number(headers['lambda-runtime-deadline-ms']);
      const context = {
        get callbackWaitsForEmptyEventLoop() {
          return waitForEmptyLoop;
        },
        set callbackWaitsForEmptyEventLoop(value) {
          waitForEmptyLoop = value;
        },
        succeed: (result) => finish(null, result),
        fail: (error) => finish(error ?? 'handled'),
        done: (error, result) => finish(error, result),
        ...this.#env,
        clientContext: parseJsonHeader(headers['lambda-runtime-client-context'], 'ClientContext'),
        identity: parseJsonHeader(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
        invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
        awsRequestId: requestId,
        getRemainingTimeInMillis: () => deadline - Date.now(),
      };
      const event = JSON.parse(body.toString('utf8'));
      const handler = this.#handler; // called unbound: `this` is undefined in the handler
      const result = handler(event, context, callback);
      if (result !== null && typeof result?.then === 'function') {
        result.then(
          (value) => finish(null, value),
          (error) => finish(error ?? 'handled'),
        );
      }
    } catch (error) {
      finish(error);
    }
  }

  #onEmptyEventLoop() {
    const invocation = this.current;
    if (invocation === null || invocation.finished) return;
    if (invocation.onEmptyLoop !== null) {
      invocation.onEmptyLoop();
    } else if (this.#isAsync) {
      this.#finish(
        invocation,
        runtimeError('Runtime.NodeJsExit', 'The event loop is empty but the async handler never resolved'),
      );
    } else {
      this.#finish(invocation, null, null);
    }
  }

  async #finish(invocation, error, result) {
    if (invocation.finished) return;
    invocation.finished = true;
    let answer;
    try {
      if (error !== undefined && error !== null) {
        answer = await this.postError(`invocation/${invocation.requestId}/error`, error, 'Invoke Error');
      } else {
        let payload;
        try {
          // Values JSON cannot represent (a function, a symbol) answer null, like undefined.
          payload = JSON.stringify(result === undefined ? null : result) ?? 'null';
        } catch (stringifyError) {
          answer = await this.postError(
            `invocation/${invocation.requestId}/error`,
            runtimeError('Runtime.JSONStringifyError', `Unable to stringify response body: ${stringifyError.message}`),
            'Invoke Error',
          );
        }
        if (payload !== undefined) {
          await flushOutput();
          answer = await this.#api.request(
            'POST',
            `invocation/${invocation.requestId}/response`,
            payload,
            'Content-Type: application/json\r\n',
          );
        }
      }
    } catch (postError) {
      die(postError.message);
    }
    if (answer.status >= 500) die(`the Runtime API answered ${answer.status}, exiting: ${answer.body}`);
    if (answer.status !== 202) {
      process.stderr.write(
        `gust-nodejs: the Runtime API refused the result of ${invocation.requestId} (${answer.status}): ${answer.body}\n`,
      );
    }
    if (this.current === invocation) this.current = null;
    setImmediate(() => this.next());
  }

  /** Logs the error as Lambda does, then POSTs it; resolves to the Runtime API's answer. */
  async postError(path, error, label) {
    console.error(label, formatForLog(error));
    const body = errorBody(error);
    await flushOutput();
    return this.#api.request(
      'POST',
      path,
      JSON.stringify(body),
      `Content-Type: application/json\r\nLambda-Runtime-Function-Error-Type: ${String(body.errorType).replace(/[\r\n]/g, ' ')}\r\n`,
    );
  }
}

function die(message) {
  process.stderr.write(`gust-nodejs: ${message}\n`);
  process.exit(1);
}

async function main() {
  patchConsole();
  let api;
  try {
    api = new RuntimeApiClient(process.env.AWS_LAMBDA_RUNTIME_API);
  } catch (error) {
    die(error.message);
  }
  let runtime = null;
  let initialising = true;

  // Errors nobody caught fail the invocation in progress (or the initialisation), then
  // end the process, as on Lambda: its state can no longer be trusted.
  const failFatally = async (error, label, exitCode) => {
    const invocation = runtime?.current;
    try {
      if (initialising) {
        await reportInitError(error, label);
        exitCode = 1;
      } else if (invocation && !invocation.finished) {
        invocation.finished = true;
        await runtime.postError(`invocation/${invocation.requestId}/error`, error, label);
      } else {
        console.error(label, formatForLog(error));
      }
    } finally {
      await flushOutput();
      process.exit(exitCode);
    }
  };
  process.on('uncaughtException', (error) => failFatally(error, 'Uncaught Exception', 129));
  process.on('unhandledRejection', (reason) => {
    const error = runtimeError('Runtime.UnhandledPromiseRejection', String(reason));
    error.reason = reason;
    failFatally(error, 'Unhandled Promise Rejection', 128);
  });

  const reportInitError = async (error, label) => {
    console.error(label, formatForLog(error));
    const body = errorBody(error);
    await flushOutput();
    await api.request(
      'POST',
      'init/error',
      JSON.stringify(body),
      `Content-Type: application/json\r\nLambda-Runtime-Function-Error-Type: ${String(body.errorType).replace(/[\r\n]/g, ' ')}\r\n`,
    );
  };

  let handler;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT || process.cwd(), process.env._HANDLER || '');
  } catch (error) {
    try {
      await reportInitError(error, 'Uncaught Exception');
    } catch (postError) {
      die(postError.message);
    }
    process.exit(1);
  }
  initialising = false;
  runtime = new Runtime(api, handler);
  runtime.next();
}

main();
