package dev.gust.queue;

import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.queue.Appended;
import dev.gust.core.queue.Claim;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.core.queue.NewMessage;
import dev.gust.core.queue.Queue;
import dev.gust.core.queue.QueueAttributes;
import dev.gust.core.queue.QueueCounts;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.core.queue.QueueListener;
import dev.gust.core.queue.QueueStore;
import dev.gust.core.queue.Receipt;
import dev.gust.core.queue.ReceiptOutcome;
import dev.gust.core.queue.RedrivePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * SQS's operations over a {@link QueueStore}: each validates its whole request, then makes one
 * store call (one transaction) and answers. See the package documentation for the threads.
 *
 * <p>Long polling: a receive that finds nothing reads its queue's signal version, claims, and if
 * still empty parks until a send (or a delete that unblocks a FIFO group, a visibility change, a
 * redrive into the queue) bumps the version, or until the earliest hidden message of the queue
 * becomes visible, or until its wait time ends; then it claims again. No polling loop runs while
 * nothing changes.
 */
public final class QueueService implements AutoCloseable {
  /** Receives parked at once; beyond this a receive answers at once instead of waiting. */
  public static final int MAX_WAITING_RECEIVES = 10_000;
  static final int MAX_BATCH_ENTRIES = 10;
  static final int MAX_BATCH_BYTES = 1_048_576;
  static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);
  static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);
  static final int MAX_LIST_RESULTS = 1000;
  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final System.Logger LOG = System.getLogger(QueueService.class.getName());

  private final QueueStore store;
  private final Arns arns;
  private final QueueNames names;
  private final ReceivedMessages views;
  private final Clock clock;
  private final ReceiptHandles handles = new ReceiptHandles();
  private final Wakeups wakeups = new Wakeups();
  private final Semaphore waiting = new Semaphore(MAX_WAITING_RECEIVES);
  private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> lastPurge = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public QueueService(QueueStore store, Arns arns, Clock clock) {
    this.store = store;
    this.arns = arns;
    this.names = new QueueNames(arns);
    this.views = new ReceivedMessages(arns, names);
    this.clock = clock;
  }

  /** Adds a hook told when messages may have become available in a queue. */
  public void addListener(QueueListener listener) {
    listeners.add(listener);
  }

  // ---- Names, URLs and ARNs -------------------------------------------------------------------

  /** The URL of a queue as clients reaching Gust at {@code endpoint} should use it. */
  public String queueUrl(String endpoint, String name) {
    return names.url(endpoint, name);
  }

  public String queueArn(String name) {
    return names.arn(name);
  }

  /** The name of the queue an ARN names, when it is a queue ARN of this region and account. */
  public Optional<String> queueNameOfArn(String arn) {
    return Optional.ofNullable(arn).map(names::nameFromArn);
  }

  /** The name of the queue a {@code QueueUrl} parameter names. */
  public String queueName(String queueUrl) {
    return names.nameFromUrl(queueUrl);
  }

  // ---- Queues ----------------------------------------------------------------------------------

  /**
   * CreateQueue: creates the queue, or returns it when it exists with the same attributes (those
   * given); a queue of that name with other values is a {@code QueueNameExists}.
   */
  public Queue createQueue(String name, Map<String, String> attributes) {
    boolean fifo = attributes.containsKey(QueueAttributeRules.FIFO_QUEUE)
        && Boolean.parseBoolean(attributes.get(QueueAttributeRules.FIFO_QUEUE).trim());
    String fifoValue = attributes.get(QueueAttributeRules.FIFO_QUEUE);
    if (fifoValue != null && !fifoValue.trim().equalsIgnoreCase("true")
        && !fifoValue.trim().equalsIgnoreCase("false")) {
      throw QueueAttributeRules.invalid(QueueAttributeRules.FIFO_QUEUE);
    }
    QueueNames.requireValid(name, fifo);
    QueueAttributes wanted = QueueAttributeRules.apply(QueueAttributes.defaults(fifo), attributes);
    checkRedriveTarget(name, wanted);
    Instant now = clock.now();
    Queue queue = new Queue(name, wanted, now, now);
    if (store.create(queue)) {
      return queue;
    }
    Queue existing = store.find(name).orElseThrow(QueueException::noSuchQueue);
    Map<String, String> have = QueueAttributeRules.asText(existing.attributes());
    Map<String, String> want = QueueAttributeRules.asText(wanted);
    for (String attribute : attributes.keySet()) {
      if (!String.valueOf(have.get(attribute)).equals(String.valueOf(want.get(attribute)))) {
        throw new QueueException(
            QueueError.QUEUE_NAME_EXISTS,
            "A queue already exists with the same name and a different value for attribute "
                + attribute);
      }
    }
    if (existing.fifo() != fifo) {
      throw new QueueException(
          QueueError.QUEUE_NAME_EXISTS,
          "A queue already exists with the same name and a different value for attribute FifoQueue");
    }
    return existing;
  }

  /** GetQueueUrl, and every operation's lookup. */
  public Queue queue(String name) {
    return store.find(name).orElseThrow(QueueException::noSuchQueue);
  }

  /** ListQueues: names starting with {@code prefix}, a page of {@code maxResults} when given. */
  public ListPage listQueues(String prefix, Optional<Integer> maxResults, Optional<String> token) {
    int limit = maxResults.orElse(MAX_LIST_RESULTS);
    if (limit < 1 || limit > MAX_LIST_RESULTS) {
      throw QueueException.invalidParameter(
          "Value " + limit + " for parameter MaxResults is invalid. Reason: MaxResults must be an"
              + " integer between 1 and 1000.");
    }
    String after = "";
    if (token.isPresent()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw QueueException.invalidParameter("Invalid NextToken value.");
      }
    }
    List<Queue> page = store.list(prefix == null ? "" : prefix, after, limit + 1);
    List<String> out = page.stream().limit(limit).map(Queue::name).toList();
    Optional<String> next =
        maxResults.isPresent() && page.size() > limit
            ? Optional.of(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(out.get(out.size() - 1).getBytes(StandardCharsets.UTF_8)))
            : Optional.empty();
    return new ListPage(out, next);
  }

  public void deleteQueue(String name) {
    if (!store.delete(name)) {
      throw QueueException.noSuchQueue();
    }
    lastPurge.remove(name);
    wakeups.forget(name);
  }

  /** PurgeQueue: at most one per queue every 60 seconds, as in SQS. */
  public void purgeQueue(String name) {
    queue(name);
    Instant now = clock.now();
    Instant previous = lastPurge.get(name);
    if (previous != null && now.isBefore(previous.plus(PURGE_INTERVAL))) {
      throw new QueueException(
          QueueError.PURGE_QUEUE_IN_PROGRESS,
          "Only one PurgeQueue operation on " + name + " is allowed every 60 seconds.");
    }
    store.purge(name);
    lastPurge.put(name, now);
  }

  /** GetQueueAttributes: the named attributes ({@code All} for every one), unknown names refused. */
  public Map<String, String> queueAttributes(String name, List<String> attributeNames) {
    Queue q = queue(name);
    Map<String, String> all = QueueAttributeRules.asText(q.attributes());
    QueueCounts counts = store.counts(name, clock.now());
    all.put("ApproximateNumberOfMessages", Long.toString(counts.visible()));
    all.put("ApproximateNumberOfMessagesNotVisible", Long.toString(counts.inFlight()));
    all.put("ApproximateNumberOfMessagesDelayed", Long.toString(counts.delayed()));
    all.put("CreatedTimestamp", Long.toString(q.created().getEpochSecond()));
    all.put("LastModifiedTimestamp", Long.toString(q.lastModified().getEpochSecond()));
    all.put("QueueArn", names.arn(name));
    Map<String, String> out = new LinkedHashMap<>();
    for (String attribute : attributeNames) {
      if (attribute.equals("All")) {
        out.putAll(new java.util.TreeMap<>(all));
      } else if (all.containsKey(attribute)) {
        out.put(attribute, all.get(attribute));
      } else if (!isKnownAttribute(attribute)) {
        throw QueueAttributeRules.unknown(attribute);
      }
    }
    return out;
  }

  private static boolean isKnownAttribute(String name) {
    return QueueAttributeRules.KEPT.contains(name)
        || name.equals(QueueAttributeRules.REDRIVE_POLICY)
        || QueueAttributeRules.FIFO_ONLY.contains(name)
        || name.equals(QueueAttributeRules.FIFO_QUEUE);
  }

  /** SetQueueAttributes: validates every attribute, then changes them together. */
  public void setQueueAttributes(String name, Map<String, String> attributes) {
    Queue q = queue(name);
    QueueAttributes changed = QueueAttributeRules.apply(q.attributes(), attributes);
    checkRedriveTarget(name, changed);
    if (!store.update(q.withAttributes(changed, clock.now()))) {
      throw QueueException.noSuchQueue();
    }
    wakeups.signal(name); // A shorter delay or a new wait time may change what waiters see.
  }

  private void checkRedriveTarget(String name, QueueAttributes attributes) {
    if (attributes.redrivePolicy().isEmpty()) {
      return;
    }
    RedrivePolicy policy = attributes.redrivePolicy().get();
    String text = QueueAttributeRules.asText(attributes).get(QueueAttributeRules.REDRIVE_POLICY);
    String target = names.nameFromArn(policy.deadLetterTargetArn());
    Optional<Queue> dlq = target == null ? Optional.empty() : store.find(target);
    if (dlq.isEmpty()) {
      throw QueueAttributeRules.redriveInvalid(text, "Dead-letter target does not exist.");
    }
    if (target.equals(name)) {
      throw QueueAttributeRules.redriveInvalid(text, "Dead-letter target can not be the source queue.");
    }
    if (dlq.get().fifo() != attributes.fifo()) {
      throw QueueAttributeRules.redriveInvalid(
          text, "Dead-letter queue of a " + (attributes.fifo() ? "FIFO" : "standard")
              + " queue must also be a " + (attributes.fifo() ? "FIFO" : "standard") + " queue.");
    }
  }

  // ---- Sending ---------------------------------------------------------------------------------

  /** SendMessage: the message is committed before this returns. */
  public SendResult send(String queueName, SendRequest request) {
    Queue q = queue(queueName);
    NewMessage m = MessageRules.accept(q, request, clock.now(), UUID.randomUUID().toString());
    Appended appended = append(q, List.of(m)).get(0);
    return result(q, m, appended);
  }

  /** SendMessageBatch: invalid entries fail alone; the valid ones are committed together. */
  public BatchResult<SendResult> sendBatch(String queueName, List<BatchEntry<SendRequest>> entries) {
    requireBatch(entries);
    Queue q = queue(queueName);
    long total = 0;
    for (BatchEntry<SendRequest> e : entries) {
      total += e.request().body().getBytes(StandardCharsets.UTF_8).length;
      for (Map.Entry<String, MessageAttributeValue> a : e.request().attributes().entrySet()) {
        total += a.getKey().getBytes(StandardCharsets.UTF_8).length + a.getValue().size();
      }
    }
    if (total > MAX_BATCH_BYTES) {
      throw new QueueException(
          QueueError.BATCH_REQUEST_TOO_LONG,
          "Batch requests cannot be longer than " + MAX_BATCH_BYTES + " bytes. You have sent "
              + total + " bytes.");
    }
    Instant now = clock.now();
    List<BatchResult.Failure> failed = new ArrayList<>();
    List<BatchEntry<NewMessage>> accepted = new ArrayList<>();
    for (BatchEntry<SendRequest> e : entries) {
      try {
        accepted.add(new BatchEntry<>(e.id(),
            MessageRules.accept(q, e.request(), now, UUID.randomUUID().toString())));
      } catch (QueueException x) {
        failed.add(BatchResult.Failure.of(e.id(), x.error(), x.getMessage()));
      }
    }
    List<BatchResult.Success<SendResult>> successful = new ArrayList<>();
    if (!accepted.isEmpty()) {
      List<Appended> appended = append(q, accepted.stream().map(BatchEntry::request).toList());
      for (int i = 0; i < accepted.size(); i++) {
        BatchEntry<NewMessage> e = accepted.get(i);
        successful.add(new BatchResult.Success<>(e.id(), result(q, e.request(), appended.get(i))));
      }
    }
    return new BatchResult<>(successful, failed);
  }

  private List<Appended> append(Queue q, List<NewMessage> messages) {
    List<Appended> appended =
        store.append(q.name(), messages, clock.now().minus(DEDUPLICATION_WINDOW));
    if (appended.stream().anyMatch(a -> !a.duplicate())) {
      available(q.name());
    }
    return appended;
  }

  private static SendResult result(Queue q, NewMessage m, Appended appended) {
    return new SendResult(
        appended.messageId(),
        Digests.md5OfBody(m.body()),
        m.attributes().isEmpty() ? Optional.empty() : Optional.of(Digests.md5OfAttributes(m.attributes())),
        m.systemAttributes().isEmpty()
            ? Optional.empty()
            : Optional.of(Digests.md5OfAttributes(m.systemAttributes())),
        q.fifo() ? Optional.of(sequenceNumber(appended.sequence())) : Optional.empty());
  }

  static String sequenceNumber(long sequence) {
    return String.format("%020d", sequence);
  }

  // ---- Receiving -------------------------------------------------------------------------------

  /**
   * ReceiveMessage, long-polling up to the wait time (the request's, else the queue's) when the
   * queue has nothing to give. Parks the calling thread; returns early when interrupted.
   */
  public List<ReceivedMessage> receive(String queueName, ReceiveRequest request) {
    int max = request.maxMessages();
    if (max < 1 || max > 10) {
      throw QueueException.invalidParameter(
          "Value " + max + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between"
              + " 1 and 10, if provided.");
    }
    request.visibilityTimeout().ifPresent(v -> requireRange("VisibilityTimeout", v, 0, 43_200));
    request.waitTimeSeconds().ifPresent(w -> requireRange("WaitTimeSeconds", w, 0, 20));
    Queue q = queue(queueName);
    int wait = request.waitTimeSeconds().orElse(q.attributes().receiveMessageWaitTimeSeconds());
    long leftNanos = Duration.ofSeconds(wait).toNanos();
    boolean parked = false;
    try {
      while (true) {
        Wakeups.Signal signal = wakeups.of(queueName);
        long seen = signal.version();
        List<ReceivedMessage> got = claim(q, request);
        if (!got.isEmpty() || leftNanos <= 0 || closed) {
          return got;
        }
        if (!parked) {
          if (!waiting.tryAcquire()) {
            return got;
          }
          parked = true;
        }
        Instant now = clock.now();
        long untilVisible =
            store.nextVisible(queueName, now)
                .map(t -> Wakeups.nanos(Duration.between(now, t).toMillis() + 1))
                .orElse(Long.MAX_VALUE);
        long napNanos = Math.min(leftNanos, untilVisible);
        leftNanos -= napNanos - signal.awaitChange(seen, napNanos);
        q = queue(queueName);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      if (parked) {
        waiting.release();
      }
    }
  }

  private List<ReceivedMessage> claim(Queue q, ReceiveRequest request) {
    Instant now = clock.now();
    int visibility = request.visibilityTimeout().orElse(q.attributes().visibilityTimeoutSeconds());
    Optional<Claim.Redrive> redrive =
        q.attributes().redrivePolicy()
            .map(p -> new Claim.Redrive(p.targetQueueName(), p.maxReceiveCount()));
    List<String> tokens = new ArrayList<>(request.maxMessages());
    for (int i = 0; i < request.maxMessages(); i++) {
      tokens.add(handles.newToken());
    }
    Claim.Result result =
        store.claim(new Claim(q.name(), q.fifo(), now, now.plusSeconds(visibility),
            now.minusSeconds(q.attributes().messageRetentionPeriodSeconds()), redrive, tokens));
    if (result.movedToDeadLetter() > 0) {
      available(redrive.orElseThrow().targetQueue());
    }
    return result.messages().stream().map(m -> views.of(m, request)).toList();
  }

  /** How many receives are parked now (for tests and health). */
  public int parkedReceives() {
    return MAX_WAITING_RECEIVES - waiting.availablePermits();
  }

  // ---- Acknowledging ---------------------------------------------------------------------------

  /**
   * DeleteMessage: deletes the message if the handle is its latest receive; an older handle, or a
   * message already gone, succeeds without effect (as SQS documents).
   */
  public void deleteMessage(String queueName, String receiptHandle) {
    Receipt receipt = ReceiptHandles.decode(receiptHandle);
    Queue q = queue(queueName);
    ReceiptOutcome outcome = store.delete(queueName, receipt);
    if (outcome == ReceiptOutcome.DONE && q.fifo()) {
      available(queueName); // Its group is unlocked.
    }
  }

  /** DeleteMessageBatch: the valid entries are deleted in one transaction (one disk sync). */
  public BatchResult<Void> deleteMessageBatch(String queueName, List<BatchEntry<String>> entries) {
    requireBatch(entries);
    Queue q = queue(queueName);
    List<BatchEntry<Receipt>> valid = new ArrayList<>();
    BatchResult<Receipt> decoded = eachEntry(entries, ReceiptHandles::decode);
    decoded.successful().forEach(ok -> valid.add(new BatchEntry<>(ok.id(), ok.result())));
    List<ReceiptOutcome> outcomes = valid.isEmpty()
        ? List.of()
        : store.deleteAll(queueName, valid.stream().map(BatchEntry::request).toList());
    if (q.fifo() && outcomes.contains(ReceiptOutcome.DONE)) {
      available(queueName); // their groups are unlocked
    }
    List<BatchResult.Success<Void>> ok = new ArrayList<>();
    valid.forEach(e -> ok.add(new BatchResult.Success<>(e.id(), null)));
    return new BatchResult<>(ok, decoded.failed());
  }

  /** ChangeMessageVisibility: hides an in-flight message for {@code seconds} from now. */
  public void changeVisibility(String queueName, String receiptHandle, int seconds) {
    Receipt receipt = ReceiptHandles.decode(receiptHandle);
    requireRange("VisibilityTimeout", seconds, 0, 43_200);
    queue(queueName);
    Instant now = clock.now();
    Optional<Instant> receivedAt = store.receivedAt(queueName, receipt);
    if (receivedAt.isPresent()
        && now.plusSeconds(seconds).isAfter(receivedAt.get().plusSeconds(43_200))) {
      throw QueueException.invalidParameter(
          "Value " + seconds + " for parameter VisibilityTimeout is invalid. Reason: Total"
              + " VisibilityTimeout for the message is beyond the limit [43200 seconds]");
    }
    ReceiptOutcome outcome = store.changeVisibility(queueName, receipt, now, now.plusSeconds(seconds));
    switch (outcome) {
      case DONE -> {
        if (seconds == 0) {
          available(queueName);
        }
      }
      case NOT_IN_FLIGHT -> throw new QueueException(
          QueueError.MESSAGE_NOT_INFLIGHT, "Message does not exist or is not available for"
              + " visibility timeout change.");
      case STALE, GONE -> throw QueueException.invalidParameter(
          "Value " + receiptHandle + " for parameter ReceiptHandle is invalid. Reason: The receipt"
              + " handle has expired.");
    }
  }

  /** One entry of ChangeMessageVisibilityBatch. */
  public record VisibilityChange(String receiptHandle, int visibilityTimeout) {}

  public BatchResult<Void> changeVisibilityBatch(
      String queueName, List<BatchEntry<VisibilityChange>> entries) {
    requireBatch(entries);
    queue(queueName);
    return eachEntry(entries, c -> {
      changeVisibility(queueName, c.receiptHandle(), c.visibilityTimeout());
      return null;
    });
  }

  private static <T, R> BatchResult<R> eachEntry(
      List<BatchEntry<T>> entries, Function<T, R> operation) {
    List<BatchResult.Success<R>> ok = new ArrayList<>();
    List<BatchResult.Failure> failed = new ArrayList<>();
    for (BatchEntry<T> e : entries) {
      try {
        ok.add(new BatchResult.Success<>(e.id(), operation.apply(e.request())));
      } catch (QueueException x) {
        if (x.error() == QueueError.QUEUE_DOES_NOT_EXIST) {
          throw x;
        }
        failed.add(BatchResult.Failure.of(e.id(), x.error(), x.getMessage()));
      }
    }
    return new BatchResult<>(ok, failed);
  }

  private static void requireBatch(List<? extends BatchEntry<?>> entries) {
    if (entries.isEmpty()) {
      throw new QueueException(
          QueueError.EMPTY_BATCH_REQUEST, "There should be at least one entry in the request.");
    }
    if (entries.size() > MAX_BATCH_ENTRIES) {
      throw new QueueException(
          QueueError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST,
          "Maximum number of entries per request are " + MAX_BATCH_ENTRIES + ". You have sent "
              + entries.size() + ".");
    }
    Set<String> ids = new HashSet<>();
    for (BatchEntry<?> e : entries) {
      if (e.id() == null || !BATCH_ID.matcher(e.id()).matches()) {
        throw new QueueException(
            QueueError.INVALID_BATCH_ENTRY_ID,
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores."
                + " It can be at most 80 letters long.");
      }
      if (!ids.add(e.id())) {
        throw new QueueException(
            QueueError.BATCH_ENTRY_IDS_NOT_DISTINCT, "Id " + e.id() + " repeated.");
      }
    }
  }

  private static void requireRange(String parameter, int value, int min, int max) {
    if (value < min || value > max) {
      throw QueueException.invalidParameter(
          "Value " + value + " for parameter " + parameter + " is invalid. Reason: Must be >= "
              + min + " and <= " + max + ", if provided.");
    }
  }

  // ---- Housekeeping ----------------------------------------------------------------------------

  /**
   * Deletes messages past their queue's retention period and forgets deduplication ids older than
   * the window. The server runs it periodically; receives also expire their own queue's messages.
   */
  public long sweep() {
    Instant now = clock.now();
    lastPurge.values().removeIf(t -> !now.isBefore(t.plus(PURGE_INTERVAL)));
    return store.expire(now, now.minus(DEDUPLICATION_WINDOW));
  }

  private void available(String queueName) {
    wakeups.signal(queueName);
    for (QueueListener l : listeners) {
      try {
        l.onMessageAvailable(queueName);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "queue listener failed for " + queueName, e);
      }
    }
  }

  /** Wakes every parked receive (they answer with nothing) and refuses to park new ones. */
  @Override
  public void close() {
    closed = true;
    wakeups.signalAll();
  }
}
