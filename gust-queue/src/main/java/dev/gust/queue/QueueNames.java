package dev.gust.queue;

import dev.gust.core.Arns;
import dev.gust.core.queue.QueueException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queue names and the two other ways SQS names a queue: its URL {@code
 * http://<host:port>/<account>/<name>} and its ARN {@code arn:aws:sqs:<region>:<account>:<name>},
 * with the region and account Gust reports ({@link Arns}).
 */
final class QueueNames {
  private static final Pattern STANDARD = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final Pattern FIFO = Pattern.compile("[A-Za-z0-9_-]{1,75}\\.fifo");
  private static final Pattern URL = Pattern.compile("https?://[^/]+/(\\d{12})/([^/?#]+)/?");
  private static final Pattern PATH = Pattern.compile("/?(\\d{12})/([^/?#]+)/?");
  private static final Pattern ARN =
      Pattern.compile("arn:aws[a-zA-Z-]*:sqs:([a-z0-9-]+):(\\d{12}):([^:]+)");

  private final Arns arns;

  QueueNames(Arns arns) {
    this.arns = arns;
  }

  /** Checks a name given to CreateQueue; FIFO queues' names end in {@code .fifo}. */
  static String requireValid(String name, boolean fifo) {
    if (name == null || name.isEmpty()) {
      throw QueueException.missingParameter("QueueName");
    }
    if (!(fifo ? FIFO : STANDARD).matcher(name).matches()) {
      throw QueueException.invalidParameter(
          fifo
              ? "The name of a FIFO queue can only include alphanumeric characters, hyphens, or"
                  + " underscores, must end with .fifo suffix and be 1 to 80 in length."
              : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in"
                  + " length");
    }
    return name;
  }

  String url(String endpoint, String name) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return base + "/" + arns.account() + "/" + name;
  }

  String arn(String name) {
    return "arn:aws:sqs:" + arns.region() + ":" + arns.account() + ":" + name;
  }

  /**
   * The queue a {@code QueueUrl} parameter names. Accepts a URL of any host (clients reach Gust by
   * many names), a {@code /<account>/<name>} path, or a bare name; another account's queue does
   * not exist here.
   */
  String nameFromUrl(String queueUrl) {
    if (queueUrl == null || queueUrl.isEmpty()) {
      throw QueueException.missingParameter("QueueUrl");
    }
    Matcher m = URL.matcher(queueUrl);
    if (!m.matches()) {
      m = PATH.matcher(queueUrl);
    }
    if (m.matches()) {
      if (!m.group(1).equals(arns.account())) {
        throw QueueException.noSuchQueue();
      }
      return m.group(2);
    }
    if (STANDARD.matcher(queueUrl).matches() || FIFO.matcher(queueUrl).matches()) {
      return queueUrl;
    }
    throw QueueException.invalidParameter(
        "Value " + queueUrl + " for parameter QueueUrl is invalid. Reason: Invalid URL");
  }

  /** The queue an ARN in this region and account names, or null when it names none here. */
  String nameFromArn(String arn) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches() || !m.group(1).equals(arns.region()) || !m.group(2).equals(arns.account())) {
      return null;
    }
    return m.group(3);
  }
}
