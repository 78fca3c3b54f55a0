package dev.gust.runtime.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The hand-written HTTP client against a scripted server socket. */
class RuntimeApiClientTest {
  private static final String EVENT_HEAD =
      "HTTP/1.1 200 OK\r\n"
          + "Lambda-Runtime-Aws-Request-Id: r-1\r\n"
          + "Lambda-Runtime-Deadline-Ms: 1700000000000\r\n"
          + "Lambda-Runtime-Invoked-Function-Arn: arn:x\r\n";

  /** Reads one request (head and Content-Length body) and returns its request line. */
  private static String readRequest(BufferedReader in) throws IOException {
    String requestLine = in.readLine();
    int length = 0;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.skip(length); // ISO-8859-1: one char per byte
    return requestLine;
  }

  @Test
  void readsChunkedBodiesAndHeaders() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> served =
          executor.submit(
              () -> {
                try (Socket s = server.accept()) {
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                  String request = readRequest(in);
                  OutputStream out = s.getOutputStream();
                  out.write(
                      (EVENT_HEAD
                              + "Transfer-Encoding: chunked\r\n\r\n"
                              + "4\r\n"
                              + "{\"a\"\r\n"
                              + "3\r\n"
                              + ":1}\r\n"
                              + "0\r\n\r\n")
                          .getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                  return request;
                }
              });
      try (RuntimeApiClient client = new RuntimeApiClient("127.0.0.1:" + server.getLocalPort())) {
        Invocation invocation = client.next();
        assertEquals("r-1", invocation.requestId());
        assertEquals(1700000000000L, invocation.deadlineMs());
        assertEquals("arn:x", invocation.invokedFunctionArn());
        assertArrayEquals("{\"a\":1}".getBytes(StandardCharsets.UTF_8), invocation.body());
      }
      assertEquals("GET /2018-06-01/runtime/invocation/next HTTP/1.1", served.get());
    }
  }

  @Test
  void resendsOnceOnAFreshConnectionWhenTheIdleOneWasClosed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> served =
          executor.submit(
              () -> {
                try (Socket first = server.accept()) {
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(
                              first.getInputStream(), StandardCharsets.ISO_8859_1));
                  readRequest(in);
                  first
                      .getOutputStream()
                      .write(
                          (EVENT_HEAD + "Content-Length: 2\r\n\r\n{}")
                              .getBytes(StandardCharsets.ISO_8859_1));
                  first.getOutputStream().flush();
                } // closed while the client considers it idle
                try (Socket second = server.accept()) {
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(
                              second.getInputStream(), StandardCharsets.ISO_8859_1));
                  String request = readRequest(in);
                  second
                      .getOutputStream()
                      .write(
                          "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
                              .getBytes(StandardCharsets.ISO_8859_1));
                  second.getOutputStream().flush();
                  return request;
                }
              });
      try (RuntimeApiClient client = new RuntimeApiClient("127.0.0.1:" + server.getLocalPort())) {
        assertEquals("r-1", client.next().requestId());
        Thread.sleep(50);
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        assertEquals(202, client.postResponse("r-1", body, body.length).status());
      }
      assertEquals("POST /2018-06-01/runtime/invocation/r-1/response HTTP/1.1", served.get());
    }
  }

  @Test
  void rejectsAnAddressWithoutPort() {
    assertThrows(IllegalArgumentException.class, () -> new RuntimeApiClient("localhost"));
    assertThrows(IllegalArgumentException.class, () -> new RuntimeApiClient("localhost:http"));
  }
}
