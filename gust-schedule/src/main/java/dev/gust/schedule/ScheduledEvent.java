package dev.gust.schedule;

import dev.gust.core.Arns;
import dev.gust.core.GustException;
import dev.gust.core.JsonText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The event EventBridge sends a function for a scheduled rule, as documented in "Invoke a Lambda
 * function on a schedule"
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-scheduled-events.html):
 *
 * <pre>{@code
 * {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",
 *  "source":"aws.events","account":"123456789012","time":"2015-10-08T16:53:06Z",
 *  "region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/my-rule"],
 *  "detail":{}}
 * }</pre>
 *
 * @param id the event id, a UUID
 * @param account the twelve-digit account id
 * @param region the region, e.g. {@code us-east-1}
 * @param ruleArn the rule's ARN, the only entry of {@code resources}
 * @param time the scheduled time (not the delivery time), kept to the second
 */
public record ScheduledEvent(
    String id, String account, String region, String ruleArn, Instant time) {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern RULE_NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

  public ScheduledEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ruleArn, "ruleArn");
    Objects.requireNonNull(time, "time");
    if (account == null || !ACCOUNT.matcher(account).matches()) {
      throw GustException.invalidParameter(
          "The account '" + account + "' is not twelve digits. Example: 123456789012.");
    }
    if (region == null || !REGION.matcher(region).matches()) {
      throw GustException.invalidParameter(
          "The region '" + region + "' is not a region name. Example: us-east-1.");
    }
    time = time.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The event for one run of rule {@code ruleName} at {@code scheduledTime}. Its id is derived from
   * the rule and the time (a name-based UUID), so a retried delivery of the same run carries the
   * same id and a consumer can drop the duplicate.
   */
  public static ScheduledEvent forRule(Arns arns, String ruleName, Instant scheduledTime) {
    String arn = ruleArn(arns, ruleName);
    Instant time = scheduledTime.truncatedTo(ChronoUnit.SECONDS);
    String id =
        UUID.nameUUIDFromBytes((arn + "@" + time).getBytes(StandardCharsets.UTF_8)).toString();
    return new ScheduledEvent(id, arns.account(), arns.region(), arn, time);
  }

  /** {@code arn:aws:events:<region>:<account>:rule/<name>}. */
  public static String ruleArn(Arns arns, String ruleName) {
    if (ruleName == null || !RULE_NAME.matcher(ruleName).matches()) {
      throw GustException.invalidParameter(
          "The rule name '"
              + ruleName
              + "' must be 1 to 64 letters, digits, '.', '-' or '_'. Example: nightly-report.");
    }
    return "arn:aws:events:" + arns.region() + ":" + arns.account() + ":rule/" + ruleName;
  }

  /** The event as compact JSON, fields in the documented order. */
  public String toJson() {
    return "{\"version\":\"0\",\"id\":"
        + JsonText.quote(id)
        + ",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":"
        + JsonText.quote(account)
        + ",\"time\":"
        + JsonText.quote(time.toString())
        + ",\"region\":"
        + JsonText.quote(region)
        + ",\"resources\":["
        + JsonText.quote(ruleArn)
        + "],\"detail\":{}}";
  }
}
