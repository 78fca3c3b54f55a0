package dev.gust.http;

import dev.gust.runtimeapi.ResponseStream;
import dev.gust.runtimeapi.RuntimeResult;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands a streamed response from the runtime's connection to the client's exchange. The runtime
 * side never waits: chunks queue up (Lambda caps a streamed response at 200 MB), so a slow client
 * cannot hold the instance after the function is done; the client side takes them as they come.
 */
final class StreamRelay implements ResponseStream {
  private static final byte[] END = new byte[0];

  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private final CountDownLatch startedOrEnded = new CountDownLatch(1);
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean started;
  private volatile boolean abandoned;
  private volatile String contentType = "application/octet-stream";
  private volatile Optional<RuntimeResult> error = Optional.empty();

  @Override
  public void start(String contentType) {
    this.contentType = contentType;
    started = true;
    startedOrEnded.countDown();
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (!abandoned && length > 0) {
      chunks.add(Arrays.copyOfRange(bytes, offset, offset + length));
    }
  }

  @Override
  public void finish(Optional<RuntimeResult> error) {
    this.error = error;
    end();
  }

  /** Ends the stream if the runtime did not (the invocation failed or was never streamed). */
  void end() {
    if (ended.compareAndSet(false, true)) {
      chunks.add(END);
      startedOrEnded.countDown();
    }
  }

  /** Waits until the runtime starts streaming or the invocation is over. */
  boolean awaitStart(long timeoutMillis) throws InterruptedException {
    return startedOrEnded.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  boolean started() {
    return started;
  }

  String contentType() {
    return contentType;
  }

  Optional<RuntimeResult> error() {
    return error;
  }

  /** The next chunk, waiting for it; null at the end of the stream. */
  byte[] take() throws InterruptedException {
    byte[] chunk = chunks.take();
    return chunk == END ? null : chunk;
  }

  /** The client went away: drop whatever else the function sends. */
  void abandon() {
    abandoned = true;
    chunks.clear();
  }
}
