package dev.gust.core.queue;

/**
 * The errors SQS clients can see. Each has the name the AWS JSON protocol puts in {@code __type}
 * (after {@code com.amazonaws.sqs#}), the code of the older query protocol that SQS still sends in
 * the {@code x-amzn-query-error} header (SDKs report it as the error code), the HTTP status, and
 * whether the caller is to blame ({@code Sender}) or SQS ({@code Receiver}).
 */
public enum QueueError {
  QUEUE_DOES_NOT_EXIST("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400),
  QUEUE_NAME_EXISTS("QueueNameExists", "QueueAlreadyExists", 400),
  INVALID_ATTRIBUTE_NAME("InvalidAttributeName", "InvalidAttributeName", 400),
  INVALID_ATTRIBUTE_VALUE("InvalidAttributeValue", "InvalidAttributeValue", 400),
  INVALID_MESSAGE_CONTENTS("InvalidMessageContents", "InvalidMessageContents", 400),
  RECEIPT_HANDLE_IS_INVALID("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400),
  MESSAGE_NOT_INFLIGHT("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400),
  EMPTY_BATCH_REQUEST("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400),
  TOO_MANY_ENTRIES_IN_BATCH_REQUEST(
      "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
  BATCH_ENTRY_IDS_NOT_DISTINCT(
      "BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
  INVALID_BATCH_ENTRY_ID("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400),
  BATCH_REQUEST_TOO_LONG("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400),
  PURGE_QUEUE_IN_PROGRESS(
      "PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403),
  UNSUPPORTED_OPERATION("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400),
  /** A parameter outside its range or of the wrong form (one of SQS's common errors). */
  INVALID_PARAMETER_VALUE("InvalidParameterValueException", "InvalidParameterValue", 400),
  /** A required parameter is absent (one of SQS's common errors). */
  MISSING_PARAMETER("MissingRequiredParameterException", "MissingParameter", 400),
  /** An operation SQS does not have, or a request that is not the AWS JSON 1.0 protocol. */
  INVALID_ACTION("InvalidAction", "InvalidAction", 400),
  /** The request body is not a JSON object of the expected shape. */
  SERIALIZATION("SerializationException", "Serialization", 400),
  INTERNAL_FAILURE("InternalFailure", "InternalFailure", 500, false);

  private final String typeName;
  private final String queryCode;
  private final int status;
  private final boolean senderFault;

  QueueError(String typeName, String queryCode, int status) {
    this(typeName, queryCode, status, true);
  }

  QueueError(String typeName, String queryCode, int status, boolean senderFault) {
    this.typeName = typeName;
    this.queryCode = queryCode;
    this.status = status;
    this.senderFault = senderFault;
  }

  /** The name in the JSON body's {@code __type}, without the {@code com.amazonaws.sqs#} prefix. */
  public String typeName() {
    return typeName;
  }

  /** The query-protocol code, sent in {@code x-amzn-query-error} and in batch entry failures. */
  public String queryCode() {
    return queryCode;
  }

  public int status() {
    return status;
  }

  /** True when the caller is to blame ({@code Sender}), false when Gust is ({@code Receiver}). */
  public boolean senderFault() {
    return senderFault;
  }
}
