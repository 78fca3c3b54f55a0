package dev.gust.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda runtime identifier such as {@code python3.11}, {@code nodejs20.x}, {@code java21} or
 * {@code provided.al2023}, split into its language family and version.
 *
 * @param id the identifier as Lambda spells it
 * @param family the language family
 * @param version the language version ({@code 3.11}, {@code 20}, {@code 21}); empty for custom
 *     runtimes
 */
public record RuntimeId(String id, Family family, String version) {

  /** Language families; each has one bootstrap. */
  public enum Family {
    PYTHON,
    NODEJS,
    JAVA,
    PROVIDED
  }

  private static final Pattern PYTHON = Pattern.compile("python(3\\.\\d{1,2})");
  private static final Pattern NODE = Pattern.compile("nodejs(\\d{1,2})\\.x");
  private static final Pattern JAVA = Pattern.compile("java(\\d{1,2})(\\.al2)?");
  private static final Pattern PROVIDED = Pattern.compile("provided(\\.al2|\\.al2023)?");

  /** Parses an identifier, or returns empty when it names no runtime Gust knows. */
  public static Optional<RuntimeId> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Matcher m;
    if ((m = PYTHON.matcher(id)).matches()) {
      return Optional.of(new RuntimeId(id, Family.PYTHON, m.group(1)));
    }
    if ((m = NODE.matcher(id)).matches()) {
      return Optional.of(new RuntimeId(id, Family.NODEJS, m.group(1)));
    }
    if ((m = JAVA.matcher(id)).matches()) {
      return Optional.of(new RuntimeId(id, Family.JAVA, m.group(1)));
    }
    if (PROVIDED.matcher(id).matches()) {
      return Optional.of(new RuntimeId(id, Family.PROVIDED, ""));
    }
    return Optional.empty();
  }

  /** The identifiers Lambda documents, for error messages. */
  public static final String KNOWN =
      "python3.9, python3.10, python3.11, python3.12, python3.13, python3.14, nodejs18.x,"
          + " nodejs20.x, nodejs22.x, nodejs24.x, java8.al2, java11, java17, java21, java25,"
          + " provided, provided.al2, provided.al2023";
}
