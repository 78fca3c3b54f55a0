package dev.gust.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The baseline for warm invocations and for the HTTP front door: a plain HTTP hello server on
 * virtual threads. Arguments (optional): the body (default {@code null}) and its content type
 * (default {@code application/json}).
 */
public final class HelloServer {
  private HelloServer() {}

  public static void main(String[] args) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    byte[] body = (args.length > 0 ? args[0] : "null").getBytes(StandardCharsets.UTF_8);
    String type = args.length > 1 ? args[1] : "application/json";
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", type);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
