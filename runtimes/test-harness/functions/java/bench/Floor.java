package bench;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The least a Java runtime can do: connect and ask for an event. bench.py's floor. */
public final class Floor {
  public static void main(String[] args) throws Exception {
    String[] address = System.getenv("AWS_LAMBDA_RUNTIME_API").split(":");
    Socket socket = new Socket(address[0], Integer.parseInt(address[1]));
    OutputStream out = socket.getOutputStream();
    out.write(
        "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    socket.getInputStream().read();
  }
}
