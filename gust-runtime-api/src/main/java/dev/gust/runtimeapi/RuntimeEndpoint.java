package dev.gust.runtimeapi;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Runtime API endpoint of one instance.
 *
 * <p>The instance {@link #submit submits} one invocation at a time. The runtime's {@code GET
 * /runtime/invocation/next} long-poll receives it; the runtime's {@code POST .../response} or
 * {@code .../error} completes the future {@code submit} returned. The platform {@link #abort
 * aborts} an invocation on timeout or crash. Requests naming another request id than the one in
 * flight get 400, so a runtime can only answer what it was given.
 *
 * <p>Concurrency: {@code lock} guards {@code pending} (submitted, not yet fetched), {@code
 * current} (fetched, not yet answered) and {@code closed}; {@code changed} wakes the {@code /next}
 * long-poll.
 */
public final class RuntimeEndpoint implements AutoCloseable {

  private static final String PREFIX = "/2018-06-01/runtime/";
  private static final String INVOCATION = PREFIX + "invocation/";

  /** Lambda's limit for a streamed response: 200 MB. */
  static final long MAX_STREAMED_BYTES = 200L * 1024 * 1024;
  private static final java.util.regex.Pattern ERROR_TYPE =
      java.util.regex.Pattern.compile("\"errorType\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** What the instance hears from its runtime besides invocation results. */
  public interface Events {
    /** The runtime asked for work: the first call ends its init phase. */
    void nextRequested();

    /** The runtime reported that it failed to initialise. */
    void initFailed(RuntimeResult error);
  }

  private final ServerSocket server;
  private final ConnectionGuard guard;
  private final Events events;
  private final int maxResponseBytes;
  private final ThreadFactory threads;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private InFlight pending;
  private InFlight current;
  private boolean closed;

  private record InFlight(RuntimeInvocation invocation, CompletableFuture<RuntimeResult> result) {}

  private RuntimeEndpoint(
      ServerSocket server,
      ConnectionGuard guard,
      Events events,
      int maxResponseBytes,
      ThreadFactory threads) {
    this.server = server;
    this.guard = guard;
    this.events = events;
    this.maxResponseBytes = maxResponseBytes;
    this.threads = threads;
  }

  /**
   * Opens an endpoint on a free loopback port and starts accepting.
   *
   * @param guard checks that each connection comes from the instance's own processes
   * @param events told when the runtime polls for work or fails to initialise
   * @param maxResponseBytes larger responses fail the invocation with {@code
   *     Function.ResponseSizeTooLarge}
   */
  public static RuntimeEndpoint open(
      ConnectionGuard guard, Events events, int maxResponseBytes, ThreadFactory threads)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    RuntimeEndpoint endpoint =
        new RuntimeEndpoint(server, guard, events, maxResponseBytes, threads);
    threads.newThread(endpoint::acceptLoop).start();
    return endpoint;
  }

  /** {@code AWS_LAMBDA_RUNTIME_API}: host:port. */
  public String address() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  /** Hands an invocation to the runtime; the future completes when it has been answered. */
  public CompletableFuture<RuntimeResult> submit(RuntimeInvocation invocation) {
    CompletableFuture<RuntimeResult> result = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("endpoint closed");
      }
      if (pending != null || current != null) {
        throw new IllegalStateException(
            "instance busy: invocation "
                + (pending != null ? pending : current).invocation().requestId()
                + " still in flight");
      }
      pending = new InFlight(invocation, result);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return result;
  }

  /** Ends the invocation in flight, if any, with a platform-made result. */
  public void abort(RuntimeResult result) {
    InFlight inFlight;
    lock.lock();
    try {
      inFlight = pending != null ? pending : current;
      pending = null;
      current = null;
    } finally {
      lock.unlock();
    }
    if (inFlight != null) {
      inFlight.result().complete(result);
    }
  }

  @Override
  public void close() {
    close(
        RuntimeResult.platformError("Runtime.Unknown", "The instance was stopped."),
        RuntimeResult.platformError("Runtime.Unknown", "The instance was stopped."));
  }

  /**
   * Closes the endpoint and ends whatever is in flight: with {@code ifFetched} when the runtime
   * had taken the event, with {@code ifPending} when it had not. A later {@link #submit} throws.
   */
  public void close(RuntimeResult ifFetched, RuntimeResult ifPending) {
    InFlight wasPending;
    InFlight wasCurrent;
    lock.lock();
    try {
      closed = true;
      wasPending = pending;
      wasCurrent = current;
      pending = null;
      current = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (wasPending != null) {
      wasPending.result().complete(ifPending);
    }
    if (wasCurrent != null) {
      wasCurrent.result().complete(ifFetched);
    }
    closeQuietly(server);
    connections.forEach(RuntimeEndpoint::closeQuietly);
  }

  // ---- connection handling -----------------------------------------------------------------

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
        // e.g. out of file descriptors: back off briefly and keep serving the instance
        try {
          Thread.sleep(10);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        continue;
      }
      connections.add(socket);
      threads.newThread(() -> serve(socket)).start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      OutputStream out = socket.getOutputStream();
      if (!guard.allows(
          (InetSocketAddress) socket.getLocalSocketAddress(),
          (InetSocketAddress) socket.getRemoteSocketAddress())) {
        HttpResponses.error(
            out,
            403,
            "Forbidden",
            "AccessDenied",
            "This Runtime API endpoint belongs to another instance.");
        return;
      }
      while (true) {
        HttpRequest.Head head = HttpRequest.readHead(in, out);
        if (head == null) {
          return;
        }
        if (isStreamedResponse(head)) {
          if (!streamResponse(head, in, out)) {
            return;
          }
          continue;
        }
        HttpRequest request = HttpRequest.withBody(head, in, maxResponseBytes);
        if (!handle(request, out) || !request.keepAlive()) {
          return;
        }
      }
    } catch (HttpRequest.ProtocolException e) {
      // the peer is not speaking our HTTP; the connection is dropped
    } catch (SocketException | java.io.EOFException e) {
      // peer went away
    } catch (IOException e) {
      // connection-level failure; the instance notices if its process died
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connections.remove(socket);
    }
  }

  /** Handles one request; returns false when the connection must close. */
  private boolean handle(HttpRequest request, OutputStream out)
      throws IOException, InterruptedException {
    String path = request.path();
    if (path.equals(INVOCATION + "next")) {
      if (!request.method().equals("GET")) {
        return methodNotAllowed(out);
      }
      return next(out);
    }
    if (path.equals(PREFIX + "init/error")) {
      if (!request.method().equals("POST")) {
        return methodNotAllowed(out);
      }
      RuntimeResult error =
          new RuntimeResult(
              RuntimeResult.Kind.INIT_ERROR,
              request.body(),
              request.header("lambda-runtime-function-error-type").orElse("Runtime.Unknown"));
      abort(error);
      events.initFailed(error);
      HttpResponses.json(out, 202, "Accepted", "{\"status\":\"OK\"}");
      return true;
    }
    if (path.startsWith(INVOCATION)) {
      String rest = path.substring(INVOCATION.length());
      int slash = rest.indexOf('/');
      if (slash > 0 && request.method().equals("POST")) {
        String requestId = rest.substring(0, slash);
        String action = rest.substring(slash + 1);
        if (action.equals("response")) {
          return answer(requestId, request, out, false);
        }
        if (action.equals("error")) {
          return answer(requestId, request, out, true);
        }
      }
    }
    HttpResponses.error(out, 404, "Not Found", "NotFound", "No such Runtime API path: " + path);
    return true;
  }

  private boolean next(OutputStream out) throws IOException, InterruptedException {
    events.nextRequested();
    InFlight taken;
    lock.lock();
    try {
      while (pending == null && !closed) {
        changed.await();
      }
      if (closed) {
        return false;
      }
      taken = pending;
      pending = null;
      current = taken;
    } finally {
      lock.unlock();
    }
    RuntimeInvocation inv = taken.invocation();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Lambda-Runtime-Aws-Request-Id", inv.requestId());
    headers.put(
        "Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + inv.timeoutMs()));
    headers.put("Lambda-Runtime-Invoked-Function-Arn", inv.invokedFunctionArn());
    headers.put("Lambda-Runtime-Trace-Id", inv.traceId());
    inv.clientContext().ifPresent(c -> headers.put("Lambda-Runtime-Client-Context", c));
    inv.cognitoIdentity().ifPresent(c -> headers.put("Lambda-Runtime-Cognito-Identity", c));
    try {
      HttpResponses.write(out, 200, "OK", headers, inv.payload());
    } catch (IOException e) {
      // The runtime never got the event: hand it to its next poll instead of losing it.
      lock.lock();
      try {
        if (current == taken && !closed) {
          current = null;
          pending = taken;
        }
      } finally {
        lock.unlock();
      }
      throw e;
    }
    return true;
  }

  private boolean answer(String requestId, HttpRequest request, OutputStream out, boolean error)
      throws IOException {
    InFlight answered;
    lock.lock();
    try {
      if (current == null || !current.invocation().requestId().equals(requestId)) {
        answered = null;
      } else {
        answered = current;
        current = null;
      }
    } finally {
      lock.unlock();
    }
    if (answered == null) {
      HttpResponses.error(
          out,
          400,
          "Bad Request",
          "InvalidRequestID",
          "Request ID " + requestId + " is not the invocation in flight on this instance.");
      return true;
    }
    if (request.bodyTooLarge()) {
      answered
          .result()
          .complete(
              RuntimeResult.platformError(
                  "Function.ResponseSizeTooLarge",
                  "Response payload size ("
                      + request.bodyLength()
                      + " bytes) exceeded maximum allowed payload size ("
                      + maxResponseBytes
                      + " bytes)."));
      HttpResponses.error(
          out,
          413,
          "Payload Too Large",
          "RequestEntityTooLarge",
          "Exceeded maximum allowed payload size (" + maxResponseBytes + " bytes).");
      return true;
    }
    RuntimeResult result;
    if (error) {
      String type =
          request
              .header("lambda-runtime-function-error-type")
              .orElseGet(() -> errorTypeOf(request.body()));
      result = new RuntimeResult(RuntimeResult.Kind.FUNCTION_ERROR, request.body(), type);
    } else {
      result = RuntimeResult.success(request.body());
    }
    answered.result().complete(result);
    HttpResponses.json(out, 202, "Accepted", "{\"status\":\"OK\"}");
    return true;
  }

  /** A {@code POST .../response} in Lambda's streaming response mode. */
  private static boolean isStreamedResponse(HttpRequest.Head head) {
    return head.method().equals("POST")
        && head.path().startsWith(INVOCATION)
        && head.path().endsWith("/response")
        && head.header("lambda-runtime-function-response-mode")
            .map("streaming"::equalsIgnoreCase)
            .orElse(false);
  }

  /**
   * Relays a streamed response to the invocation's {@link ResponseStream} as the chunks arrive,
   * then completes the invocation: successfully, or with the error the runtime put in its
   * trailers. An invocation without a stream (a buffered Invoke) gets the whole body at the end.
   * Returns false when the connection must close.
   */
  private boolean streamResponse(HttpRequest.Head head, InputStream in, OutputStream out)
      throws IOException {
    String rest = head.path().substring(INVOCATION.length());
    String requestId = rest.substring(0, rest.indexOf('/'));
    InFlight answered;
    lock.lock();
    try {
      answered =
          current != null && current.invocation().requestId().equals(requestId) ? current : null;
    } finally {
      lock.unlock();
    }
    if (answered == null) {
      HttpRequest.readBody(head, in, (b, o, l) -> {}); // read through, keep the connection
      HttpResponses.error(
          out,
          400,
          "Bad Request",
          "InvalidRequestID",
          "Request ID " + requestId + " is not the invocation in flight on this instance.");
      return true;
    }
    java.util.Optional<ResponseStream> stream = answered.invocation().stream();
    String contentType = head.header("content-type").orElse("application/octet-stream");
    java.io.ByteArrayOutputStream buffered = new java.io.ByteArrayOutputStream();
    long[] total = {0};
    long limit = stream.isPresent() ? MAX_STREAMED_BYTES : maxResponseBytes;
    stream.ifPresent(s -> s.start(contentType));
    Map<String, String> trailers =
        HttpRequest.readBody(
            head,
            in,
            (bytes, offset, length) -> {
              long allowed = Math.max(0, Math.min(length, limit - total[0]));
              total[0] += length;
              if (allowed > 0) {
                if (stream.isPresent()) {
                  stream.get().write(bytes, offset, (int) allowed);
                } else {
                  buffered.write(bytes, offset, (int) allowed);
                }
              }
            });
    RuntimeResult result;
    java.util.Optional<String> errorType =
        java.util.Optional.ofNullable(trailers.get("lambda-runtime-function-error-type"));
    if (total[0] > limit) {
      result =
          RuntimeResult.platformError(
              "Function.ResponseSizeTooLarge",
              "Response payload size exceeded maximum allowed payload size (" + limit + " bytes).");
    } else if (errorType.isPresent()) {
      byte[] body;
      try {
        body =
            java.util.Base64.getDecoder()
                .decode(trailers.getOrDefault("lambda-runtime-function-error-body", ""));
      } catch (IllegalArgumentException e) {
        body = RuntimeResult.errorDocument(errorType.get(), "The streamed response failed.");
      }
      result = new RuntimeResult(RuntimeResult.Kind.FUNCTION_ERROR, body, errorType.get());
    } else {
      result = RuntimeResult.success(buffered.toByteArray());
    }
    lock.lock();
    try {
      if (current == answered) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
    stream.ifPresent(s -> s.finish(result.failed() ? java.util.Optional.of(result) : java.util.Optional.empty()));
    answered.result().complete(result);
    HttpResponses.json(out, 202, "Accepted", "{\"status\":\"OK\"}");
    return !head.header("connection").map("close"::equalsIgnoreCase).orElse(false);
  }

  private static boolean methodNotAllowed(OutputStream out) throws IOException {
    HttpResponses.error(out, 405, "Method Not Allowed", "MethodNotAllowed", "Method not allowed");
    return true;
  }

  /** Best-effort read of {@code "errorType"} from an error document, without a JSON library. */
  static String errorTypeOf(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8);
    java.util.regex.Matcher m = ERROR_TYPE.matcher(s);
    return m.find() ? m.group(1) : "Unhandled";
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
