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
// - Response streaming as in Lambda's Node.js runtime: the global `awslambda` offers
//   streamifyResponse() and HttpResponseStream.from(). A streaming handler's response goes
//   out as a chunked POST on the same keep-alive connection, one HTTP chunk per write, as the
//   handler writes; see "response streaming" below for the wire format.

import { connect } from 'node:net';
import { Writable, finished } from 'node:stream';
import { format } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const API_PREFIX = '/2018-06-01/runtime/';
const CRLF = Buffer.from('\r\n', 'latin1');
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
      this.#pending = { resolve, reject, retry: this.#reused ? retry : null, received: false, upload: null };
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

  /**
   * A request whose body is sent with chunked transfer encoding while it is produced. Nothing
   * goes out, and the request does not take its turn in the queue, until start(head fields):
   * a request that never starts leaves the connection free. Then each write(bytes) sends one
   * HTTP chunk and resolves once the socket has taken it (the caller's backpressure), and
   * end(trailer fields) sends the last chunk and resolves to the answer, as request() does.
   * Writes and end are sent in order. The request is never resent: if the connection fails,
   * end() rejects. An answer that arrives before the last chunk ends the upload: the rest of
   * the body is dropped and the connection closed, since its framing is no longer shared with
   * the server.
   */
  openUpload(method, path) {
    const state = { started: false, cancelled: false, aborted: false, bodyDone: false, socket: null };
    let order = null; // every socket write of this request, in sequence; never rejects
    let answer = null;
    const send = (data) =>
      new Promise((resolve) => {
        if (state.aborted) resolve();
        else state.socket.write(data, () => resolve());
      });
    return {
      get started() {
        return state.started;
      },
      /** Makes start() a no-op: the invocation was answered another way. */
      cancel() {
        state.cancelled = true;
      },
      start: (headers) => {
        if (state.started || state.cancelled) return;
        state.started = true;
        const head =
          `${method} ${API_PREFIX}${path} HTTP/1.1\r\n${this.#hostHeader}${headers}` +
          'Transfer-Encoding: chunked\r\n\r\n';
        // Wrapped in an object so that `opened` does not wait for the answer itself.
        const opened = this.#tail.then(() => {
          const socket = this.#connection();
          const settled = new Promise((resolve, reject) => {
            this.#pending = { resolve, reject, retry: null, received: false, upload: state };
          });
          state.socket = socket;
          // Unref'd between writes (pending writes keep the loop alive by themselves), so
          // that a handler stuck on nothing is still noticed through 'beforeExit'.
          socket.unref();
          socket.write(head, 'latin1');
          return { settled };
        });
        answer = opened.then(({ settled }) => settled);
        answer.catch(() => {}); // awaited by end(); a failure before then must not be unhandled
        this.#tail = answer.catch(() => {});
        order = opened.then(
          () => {},
          () => {
            state.aborted = true;
          },
        );
      },
      write: (bytes) => {
        if (!state.started || bytes.length === 0) return Promise.resolve();
        let frame;
        if (bytes.length <= 16384) {
          frame = Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`, 'latin1'), bytes, CRLF]);
        } else {
          frame = [Buffer.from(`${bytes.length.toString(16)}\r\n`, 'latin1'), bytes, CRLF];
        }
        order = order.then(() => {
          if (!Array.isArray(frame)) return send(frame);
          if (state.aborted) return undefined;
          state.socket.cork();
          state.socket.write(frame[0]);
          state.socket.write(frame[1]);
          const last = send(frame[2]);
          state.socket.uncork();
          return last;
        });
        return order;
      },
      end: (trailers = '') => {
        if (!state.started) return Promise.reject(new Error('the streamed request was never started'));
        order = order.then(() => {
          if (state.aborted) return undefined;
          state.bodyDone = true;
          state.socket.ref();
          return send(`0\r\n${trailers}\r\n`);
        });
        return order.then(() => answer);
      },
    };
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
    if (pending.upload !== null) pending.upload.aborted = true;
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
      const { resolve, upload } = this.#pending;
      const { status, headers } = this.#head;
      this.#pending = null;
      this.#head = null;
      const unfinishedUpload = upload !== null && !upload.bodyDone;
      if (unfinishedUpload) upload.aborted = true;
      if (unfinishedUpload || headers.connection?.toLowerCase() === 'close') {
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

// ---------------------------------------------------------------- response streaming
//
// A streaming handler (wrapped in awslambda.streamifyResponse) is called as
// handler(event, responseStream, context). Its response is one request on the Runtime API
// connection:
//
//   POST /2018-06-01/runtime/invocation/{id}/response HTTP/1.1
//   Lambda-Runtime-Function-Response-Mode: streaming
//   Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body
//   Content-Type: application/octet-stream (or the stream's content type)
//   Transfer-Encoding: chunked
//
// sent at the first non-empty write, then one HTTP chunk per write, then the last chunk:
// "0\r\n\r\n" when the handler succeeds, or "0\r\n" + the two trailer fields + "\r\n" when it
// fails after writing (type, and the base64 of the usual error body). A handler that fails
// before writing anything posts to /error as usual. The platform answers after the last chunk,
// and the connection then serves the next GET /next.

const STREAMING = Symbol.for('gust.lambda.handler.streaming');
const OPEN = Symbol('open');
const PRELUDE = Symbol('prelude');
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
/** The platform reads trailer lines of up to 16 KiB; the error body is cut to fit well within. */
const MAX_TRAILER_BODY = 8 * 1024;

/** The writable stream a streaming handler gets: each write becomes one HTTP chunk. */
class ResponseStream extends Writable {
  #upload;
  #contentType = 'application/octet-stream';
  #prelude = null;

  constructor(upload, highWaterMark) {
    super(Number.isInteger(highWaterMark) && highWaterMark > 0 ? { highWaterMark } : {});
    this.#upload = upload;
  }

  /** Sets the response's Content-Type; only before the first write. */
  setContentType(contentType) {
    if (this.#upload.started) throw new Error('The content type cannot be set after the first write to the response stream');
    this.#contentType = String(contentType).replace(/[\r\n]/g, ' ');
  }

  /** Bytes sent as their own chunk just before the first one written (HttpResponseStream.from). */
  [PRELUDE](bytes) {
    if (this.#upload.started) throw new Error('HttpResponseStream.from must be called before the first write to the response stream');
    this.#prelude = bytes;
  }

  /** Sends the request head (and the prelude) if they have not gone out yet. */
  [OPEN]() {
    if (this.#upload.started) return;
    this.#upload.start(
      'Lambda-Runtime-Function-Response-Mode: streaming\r\n' +
        'Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n' +
        `Content-Type: ${this.#contentType}\r\n`,
    );
    if (this.#prelude !== null) this.#upload.write(this.#prelude);
    this.#prelude = null;
  }

  _write(chunk, _encoding, callback) {
    // An empty chunk would read as the end of the body: there is nothing to send.
    if (chunk.length === 0) {
      callback();
      return;
    }
    this[OPEN]();
    this.#upload.write(chunk).then(() => callback());
  }

  _final(callback) {
    this[OPEN]();
    callback();
  }
}

/** Lambda's HTTP integration response: JSON metadata, 8 NUL bytes, then the body. */
class HttpResponseStream {
  static from(responseStream, metadata) {
    const prelude = Buffer.concat([Buffer.from(JSON.stringify(metadata ?? {}), 'utf8'), Buffer.alloc(8)]);
    responseStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    if (typeof responseStream[PRELUDE] === 'function') responseStream[PRELUDE](prelude);
    else responseStream.write(prelude);
    return responseStream;
  }
}

/** The `awslambda` global of Lambda's Node.js runtime, available to handler modules as they load. */
function installAwsLambdaGlobal() {
  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      if (typeof handler === 'function') {
        handler[STREAMING] = { highWaterMark: options?.highWaterMark };
      }
      return handler;
    },
    HttpResponseStream,
  };
}

/** The error body for the Lambda-Runtime-Function-Error-Body trailer: base64, cut to fit a line. */
function trailerErrorBody(body) {
  const encode = (value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
  let copy = { ...body };
  let encoded = encode(copy);
  while (encoded.length > MAX_TRAILER_BODY && copy.trace.length > 0) {
    const trace = copy.trace.slice(0, Math.floor(copy.trace.length / 2));
    copy = { ...copy, trace, stackTrace: trace };
    encoded = encode(copy);
  }
  while (encoded.length > MAX_TRAILER_BODY && String(copy.errorMessage).length > 0) {
    const message = String(copy.errorMessage);
    copy = { ...copy, errorMessage: message.slice(0, Math.floor(message.length / 2)) };
    encoded = encode(copy);
  }
  if (encoded.length > MAX_TRAILER_BODY) {
    copy = { ...copy, errorType: String(copy.errorType).slice(0, 256) };
    encoded = encode(copy);
  }
  return encoded;
}

/** Ends the stream if the handler has not, and waits until everything written has been sent. */
function drain(stream) {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableFinished) {
      resolve();
      return;
    }
    finished(stream, () => resolve());
    if (!stream.writableEnded) stream.end();
  });
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
  #streaming;
  #env;
  /** The invocation being served: {requestId, finished, onEmptyLoop, stream, upload}, or null. */
  current = null;

  constructor(api, handler) {
    this.#api = api;
    this.#handler = handler;
    this.#isAsync = handler.constructor?.name === 'AsyncFunction';
    this.#streaming = handler[STREAMING] ?? null;
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
    const invocation = { requestId, finished: false, onEmptyLoop: null, stream: null, upload: null };
    this.current = invocation;
    globalThis[REQUEST_ID] = requestId;
    if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
    else delete process.env._X_AMZN_TRACE_ID;

    const streaming = this.#streaming !== null;
    const finish = streaming
      ? (error) => this.#finishStream(invocation, error)
      : (error, result) => this.#finish(invocation, error, result);
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
        succeed: (result) => (streaming ? invocation.stream.end() : finish(null, result)),
        fail: (error) => finish(error ?? 'handled'),
        done: (error, result) =>
          streaming && (error === undefined || error === null) ? invocation.stream.end() : finish(error, result),
        ...this.#env,
        clientContext: parseJsonHeader(headers['lambda-runtime-client-context'], 'ClientContext'),
        identity: parseJsonHeader(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
        invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
        awsRequestId: requestId,
        getRemainingTimeInMillis: () => deadline - Date.now(),
      };
      const event = JSON.parse(body.toString('utf8'));
      const handler = this.#handler; // called unbound: `this` is undefined in the handler
      if (streaming) {
        this.#serveStreaming(invocation, handler, event, context, finish);
        return;
      }
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

  /**
   * Calls a streaming handler. The response is complete when the stream ends: when the handler
   * ends it, or when the handler's promise resolves (the stream is then ended for it). A
   * handler that returns no promise and never ends the stream is ended once the event loop is
   * empty, like a callback handler that never calls back.
   */
  #serveStreaming(invocation, handler, event, context, finish) {
    const upload = this.#api.openUpload('POST', `invocation/${invocation.requestId}/response`);
    const stream = new ResponseStream(upload, this.#streaming.highWaterMark);
    invocation.upload = upload;
    invocation.stream = stream;
    stream.on('finish', () => finish(null));
    // Without a listener, an error on the stream (a write after end, destroy(error)) would be
    // an uncaught exception that ends the process: it fails the invocation instead.
    stream.on('error', (error) => finish(error));
    stream.on('close', () => {
      // destroy() without an error: the response ends with what was sent.
      if (!stream.writableFinished && !stream.errored) finish(null);
    });
    const result = handler(event, stream, context);
    if (result !== null && typeof result?.then === 'function') {
      invocation.onEmptyLoop = () =>
        finish(runtimeError('Runtime.NodeJsExit', 'The event loop is empty but the async handler never resolved'));
      result.then(
        () => {
          if (!stream.writableEnded && !stream.destroyed) stream.end();
        },
        (error) => finish(error ?? 'handled'),
      );
    } else {
      invocation.onEmptyLoop = () => {
        if (!stream.writableEnded && !stream.destroyed) stream.end();
      };
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
    this.#answered(invocation, answer);
  }

  async #finishStream(invocation, error) {
    if (invocation.finished) {
      // The response is already complete (the stream ended first): the error can only be logged.
      if (error !== undefined && error !== null) console.error('Invoke Error', formatForLog(error));
      return;
    }
    this.#answered(invocation, await this.#endStream(invocation, error, 'Invoke Error'));
  }

  /** Completes a streamed response, or posts the error; resolves to the Runtime API's answer. */
  async #endStream(invocation, error, label) {
    invocation.finished = true;
    const { stream, upload } = invocation;
    try {
      if (error === undefined || error === null) {
        stream[OPEN](); // a stream destroyed before any write still answers (empty)
        await flushOutput();
        return await upload.end();
      }
      if (upload === null || !upload.started) {
        // Nothing was sent (or the handler was never called): a plain error answer.
        upload?.cancel();
        stream?.destroy();
        return await this.postError(`invocation/${invocation.requestId}/error`, error, label);
      }
      console.error(label, formatForLog(error));
      const body = errorBody(error);
      await drain(stream);
      await flushOutput();
      return await upload.end(
        `Lambda-Runtime-Function-Error-Type: ${String(body.errorType).replace(/[\r\n]/g, ' ').slice(0, 1024)}\r\n` +
          `Lambda-Runtime-Function-Error-Body: ${trailerErrorBody(body)}\r\n`,
      );
    } catch (postError) {
      die(postError.message);
    }
  }

  #answered(invocation, answer) {
    if (answer.status >= 500) die(`the Runtime API answered ${answer.status}, exiting: ${answer.body}`);
    if (answer.status !== 202) {
      process.stderr.write(
        `gust-nodejs: the Runtime API refused the result of ${invocation.requestId} (${answer.status}): ${answer.body}\n`,
      );
    }
    if (this.current === invocation) this.current = null;
    setImmediate(() => this.next());
  }

  /** Fails the invocation in progress after an error nobody caught; resolves once reported. */
  async failCurrent(error, label) {
    const invocation = this.current;
    if (invocation === null || invocation.finished) {
      console.error(label, formatForLog(error));
    } else if (this.#streaming !== null) {
      await this.#endStream(invocation, error, label);
    } else {
      invocation.finished = true;
      await this.postError(`invocation/${invocation.requestId}/error`, error, label);
    }
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
    try {
      if (initialising) {
        await reportInitError(error, label);
        exitCode = 1;
      } else if (runtime !== null) {
        await runtime.failCurrent(error, label);
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

  installAwsLambdaGlobal();
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
