package dev.gust.runtimeapi;

/**
 * Where a streamed response goes as the runtime sends it (Lambda's response streaming: a {@code
 * POST .../response} with {@code Lambda-Runtime-Function-Response-Mode: streaming} and a chunked
 * body). The endpoint's connection thread calls these in order; implementations must not block
 * for long (buffer, and let a slower reader drain), so a slow client never holds the instance.
 */
public interface ResponseStream {

  /** The runtime started streaming, with this content type. */
  void start(String contentType);

  /** The next bytes of the body. */
  void write(byte[] bytes, int offset, int length);

  /**
   * The stream ended: normally, or with the error the runtime reported in its trailers (or the
   * platform's, e.g. the response grew past its limit).
   */
  void finish(java.util.Optional<RuntimeResult> error);
}
