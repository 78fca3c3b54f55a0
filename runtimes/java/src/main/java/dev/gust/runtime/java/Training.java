package dev.gust.runtime.java;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A training run for a class-data-sharing archive: it walks the paths a cold start takes (HTTP to a
 * loopback Runtime API, handler loading, Jackson for Maps and POJOs, context, error reports)
 * without a platform, then exits normally. Run once as
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=gust-java-runtime.jsa -cp gust-java-runtime.jar dev.gust.runtime.java.Training
 * </pre>
 *
 * and start instances with {@code -XX:SharedArchiveFile=gust-java-runtime.jsa}: the runtime's and
 * Jackson's classes then come parsed and verified from the archive. The jar must be at the same
 * path when the archive is made and used.
 */
public final class Training {
  private static final String EVENT =
      "{\"name\":\"Ada\",\"count\":3,\"ratio\":0.5,\"tags\":[\"a\",\"b\"],\"nested\":{\"on\":true,\"none\":null}}";

  private Training() {}

  /** A POJO handler like the ones functions define. */
  public static final class SampleHandler implements RequestHandler<Sample, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Sample input, Context context) {
      context.getLogger().log("");
      return Map.of(
          "name", input.name(), "tags", input.tags(), "left", context.getRemainingTimeInMillis());
    }
  }

  /** A record event. */
  public record Sample(
      String name, int count, double ratio, List<String> tags, Map<String, Object> nested) {}

  public static void main(String[] args) throws Throwable {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread api = new Thread(new OneInvocation(server), "training-runtime-api");
      api.start();
      try (RuntimeApiClient client = new RuntimeApiClient("127.0.0.1:" + server.getLocalPort())) {
        Invocation invocation = client.next();
        StdoutLogger logger = new StdoutLogger(null);
        InvocationContext context =
            new InvocationContext(
                invocation, InvocationContext.FunctionEnvironment.fromEnvironment(), logger);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String handler :
            new String[] {
              SampleHandler.class.getName(), Training.class.getName() + "::mapMethod"
            }) {
          out.reset();
          HandlerLoader.load(handler, Training.class.getClassLoader())
              .handle(invocation.body(), out, context);
        }
        ErrorReport report = ErrorReport.of(new IllegalStateException("training"));
        client.postError(
            "invocation/" + invocation.requestId() + "/error", report.errorType(), report.toJson());
        client.postResponse(invocation.requestId(), out.toByteArray(), out.size());
      }
      api.join();
    }
  }

  /** A method handler taking and returning a Map. */
  public static Map<String, Object> mapMethod(Map<String, Object> event, Context context) {
    return event;
  }

  /** Serves one event and two POSTs, as the platform would. */
  private static final class OneInvocation implements Runnable {
    private final ServerSocket server;

    OneInvocation(ServerSocket server) {
      this.server = server;
    }

    @Override
    public void run() {
      try (Socket socket = server.accept()) {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] event = EVENT.getBytes(StandardCharsets.UTF_8);
        readRequest(in);
        out.write(
            ("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: training\r\n"
                    + "Lambda-Runtime-Deadline-Ms: "
                    + (System.currentTimeMillis() + 60_000)
                    + "\r\n"
                    + "Lambda-Runtime-Invoked-Function-Arn:"
                    + " arn:aws:lambda:us-east-1:000000000000:function:training\r\n"
                    + "Lambda-Runtime-Cognito-Identity:"
                    + " {\"cognitoIdentityId\":\"i\",\"cognitoIdentityPoolId\":\"p\"}\r\n"
                    + "Lambda-Runtime-Client-Context:"
                    + " {\"client\":{\"app_title\":\"t\"},\"custom\":{},\"env\":{}}\r\n"
                    + "Content-Length: "
                    + event.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(event);
        out.flush();
        for (int i = 0; i < 2; i++) {
          readRequest(in);
          out.write(
              "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException e) {
        throw new IllegalStateException("training Runtime API failed", e);
      }
    }

    private static void readRequest(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("client went away");
        }
        head.append((char) b);
      }
      int at = head.indexOf("Content-Length: ");
      if (at >= 0) {
        int end = head.indexOf("\r\n", at);
        in.readNBytes(Integer.parseInt(head.substring(at + 16, end).trim()));
      }
    }
  }
}
