package dev.gust.core;

/** Lambda's published quotas that Gust mirrors. One place, so every check agrees. */
public final class Limits {
  private Limits() {}

  public static final int MIN_MEMORY_MB = 128;
  public static final int MAX_MEMORY_MB = 10_240;
  public static final int DEFAULT_MEMORY_MB = 128;
  public static final int MIN_TIMEOUT_S = 1;
  public static final int MAX_TIMEOUT_S = 900;
  public static final int DEFAULT_TIMEOUT_S = 3;
  public static final int MIN_EPHEMERAL_MB = 512;
  public static final int MAX_EPHEMERAL_MB = 10_240;
  public static final int DEFAULT_EPHEMERAL_MB = 512;
  public static final int MAX_ENVIRONMENT_BYTES = 4 * 1024;
  public static final int MAX_DESCRIPTION_CHARS = 256;
  public static final int MAX_NAME_CHARS = 64;
  public static final int MAX_HANDLER_CHARS = 128;

  /** Synchronous request and response payloads: 6 MB. */
  public static final int MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

  /** Asynchronous (Event) payloads: 1 MB. */
  public static final int MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;

  /** A zip uploaded directly in the request: 50 MB. */
  public static final long MAX_ZIP_BYTES = 50L * 1024 * 1024;

  /** A package once unzipped: 250 MB. */
  public static final long MAX_UNZIPPED_BYTES = 250L * 1024 * 1024;

  /** The log tail returned with {@code X-Amz-Log-Type: Tail}: 4 KB. */
  public static final int LOG_TAIL_BYTES = 4 * 1024;
}
