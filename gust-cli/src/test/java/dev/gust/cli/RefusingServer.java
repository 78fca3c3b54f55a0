package dev.gust.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP server that answers as soon as it has read a request's headers, without reading the
 * body, then closes: GET gets Lambda's 404, anything else a 413. It plays a server that refuses an
 * oversized upload early.
 */
final class RefusingServer implements AutoCloseable {
  private final ServerSocket socket;

  RefusingServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::serve);
  }

  String endpoint() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void serve() {
    try {
      while (true) {
        try (Socket client = socket.accept()) {
          answer(client);
        }
      }
    } catch (IOException closed) {
      // close() ends the loop
    }
  }

  private static void answer(Socket client) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    String requestLine = in.readLine();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      // skip the headers; the body is deliberately left unread
    }
    boolean get = requestLine != null && requestLine.startsWith("GET");
    String status = get ? "404 Not Found" : "413 Payload Too Large";
    String type = get ? "ResourceNotFoundException" : "RequestTooLargeException";
    String body = get ? "{\"message\":\"Function not found\"}" : "{\"message\":\"too big\"}";
    String response =
        "HTTP/1.1 "
            + status
            + "\r\nx-amzn-ErrorType: "
            + type
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body;
    client.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
    client.getOutputStream().flush();
    client.shutdownOutput();
  }
}
