package dev.gust.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's resource names: building ARNs for responses and reading the many forms a client may
 * pass as {@code FunctionName} (a name, a partial ARN, a full ARN, each with an optional
 * qualifier).
 *
 * @param region the region Gust reports (configurable; {@code us-east-1} by default)
 * @param account the account id Gust reports (twelve digits)
 */
public record Arns(String region, String account) {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[a-zA-Z0-9_-]{1,128}");
  private static final Pattern FULL =
      Pattern.compile(
          "arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\\d{12}):function:([^:]+)(?::([^:]+))?");
  private static final Pattern PARTIAL = Pattern.compile("(\\d{12}):function:([^:]+)(?::([^:]+))?");

  public static final Arns DEFAULT = new Arns("us-east-1", "000000000000");

  /** A reference to a function, with the qualifier the name itself carried, if any. */
  public record FunctionRef(String name, Optional<String> qualifier) {

    /**
     * Merges a separately given {@code Qualifier} with the one derived from the name; they must
     * agree when both are present.
     */
    public FunctionRef withQualifier(String explicit) {
      if (explicit == null || explicit.isEmpty()) {
        return this;
      }
      if (qualifier.isPresent() && !qualifier.get().equals(explicit)) {
        throw GustException.invalidParameter(
            "The derived qualifier from the function name does not match the specified"
                + " qualifier.");
      }
      requireQualifier(explicit);
      return new FunctionRef(name, Optional.of(explicit));
    }
  }

  public String functionArn(String name) {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
  }

  public String qualifiedArn(String name, String qualifier) {
    return functionArn(name) + ":" + qualifier;
  }

  /** Whether {@code arn} names a function of this server ({@code arn:aws:lambda:<region>:<account>:function:...}). */
  public boolean isLocalFunctionArn(String arn) {
    return arn.startsWith(functionArn(""));
  }

  public String eventSourceMappingArn(String uuid) {
    return "arn:aws:lambda:" + region + ":" + account + ":event-source-mapping:" + uuid;
  }

  /** Parses a {@code FunctionName} path or body parameter. */
  public FunctionRef parseFunctionName(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw GustException.invalidParameter("FunctionName is required.");
    }
    String name;
    String qualifier = null;
    Matcher m;
    if ((m = FULL.matcher(raw)).matches()) {
      name = m.group(3);
      qualifier = m.group(4);
    } else if ((m = PARTIAL.matcher(raw)).matches()) {
      name = m.group(2);
      qualifier = m.group(3);
    } else if (raw.indexOf(':') > 0 && !raw.startsWith("arn:")) {
      int colon = raw.indexOf(':');
      name = raw.substring(0, colon);
      qualifier = raw.substring(colon + 1);
    } else {
      name = raw;
    }
    requireName(name, raw);
    if (qualifier != null) {
      requireQualifier(qualifier);
    }
    return new FunctionRef(name, Optional.ofNullable(qualifier));
  }

  /** Checks a plain function name (as given to CreateFunction). */
  public static String requireName(String name, String asGiven) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '"
              + asGiven
              + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
              + "(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
    }
    return name;
  }

  static void requireQualifier(String qualifier) {
    if (!QUALIFIER.matcher(qualifier).matches()) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '"
              + qualifier
              + "' at 'qualifier' failed to satisfy constraint: Member must satisfy regular"
              + " expression pattern: (|[a-zA-Z0-9$_-]+)");
    }
  }
}
