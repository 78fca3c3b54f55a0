package dev.gust.triggers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of Lambda's event filter patterns (a {@code FilterCriteria.Filters[].Pattern}), compiled.
 *
 * <p>A pattern is a JSON object shaped like the events it selects. A key whose value is an object
 * descends into the event's object of that name; a key whose value is an array lists rules for
 * the event's value there, any one of which may match (OR); all keys of an object must match
 * (AND), and {@code "$or": [pattern, ...]} adds alternatives of which one must match. The rules,
 * as Lambda's "Filter rule syntax" documents them:
 *
 * <ul>
 *   <li>a literal string, number, boolean or {@code null}: equal. Strings compare character by
 *       character; numbers by their text, so {@code 300}, {@code 300.0} and {@code 3.0e2} differ
 *       (as Lambda documents); {@code ""} matches the empty string.
 *   <li>{@code {"prefix": "us-"}}, {@code {"suffix": ".png"}}, {@code {"equals-ignore-case":
 *       "alice"}}: strings only.
 *   <li>{@code {"anything-but": "x" | ["x", 1] | {"prefix" | "suffix" | "equals-ignore-case":
 *       "x"}}}: a present value that is none of those.
 *   <li>{@code {"numeric": ["=", 100]}}, {@code {"numeric": [">", 10, "<=", 20]}}: numbers only,
 *       with {@code =}, {@code <}, {@code <=}, {@code >}, {@code >=}; a range is a lower bound then
 *       an upper bound.
 *   <li>{@code {"exists": true}} / {@code {"exists": false}}: the field is present (as a value,
 *       not an object) or absent.
 * </ul>
 *
 * <p>When the event's value is an array, a rule matches if it matches any element. Every rule but
 * {@code exists: false} needs the field to be present. Patterns are checked whole when compiled:
 * an unknown operator, an operand of the wrong type or an empty rule list is refused with the
 * reason, so a mistake is reported when the mapping is created, not silently never matching.
 */
public final class FilterPattern {
  /** Parses patterns and events alike: decimals keep their text (300.0 stays 300.0). */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private static final Set<String> NUMERIC_OPERATORS = Set.of("=", "<", "<=", ">", ">=");

  private final String text;
  private final Fields root;

  private FilterPattern(String text, Fields root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Compiles a pattern.
   *
   * @throws IllegalArgumentException saying what is wrong with it and where
   */
  public static FilterPattern parse(String pattern) {
    JsonNode node;
    try {
      node = pattern == null || pattern.isBlank() ? null : JSON.readTree(pattern);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the pattern is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a pattern must be a JSON object such as"
          + " {\"body\": {\"kind\": [\"order\"]}}");
    }
    if (node.isEmpty()) {
      throw new IllegalArgumentException("the pattern {} names no field to match");
    }
    return new FilterPattern(pattern, fields(node, ""));
  }

  /** The pattern as given. */
  public String text() {
    return text;
  }

  /** Whether {@code event} (a JSON object) matches. */
  public boolean matches(JsonNode event) {
    return root.matches(event);
  }

  @Override
  public String toString() {
    return text;
  }

  // ---- compiling -------------------------------------------------------------------------------

  private static Fields fields(JsonNode object, String path) {
    List<Field> fields = new ArrayList<>();
    List<Fields> alternatives = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      String key = e.getKey();
      String at = path.isEmpty() ? key : path + "." + key;
      JsonNode value = e.getValue();
      if (key.equals("$or")) {
        if (!value.isArray() || value.isEmpty()) {
          throw new IllegalArgumentException("'" + at + "' must be a non-empty array of patterns");
        }
        for (JsonNode alternative : value) {
          if (!alternative.isObject() || alternative.isEmpty()) {
            throw new IllegalArgumentException("each alternative of '" + at
                + "' must be a pattern object naming at least one field");
          }
          alternatives.add(fields(alternative, path));
        }
      } else if (value.isObject()) {
        if (value.isEmpty()) {
          throw new IllegalArgumentException("'" + at + "' is an empty object; give it fields or"
              + " a list of rules");
        }
        fields.add(new Field(key, fields(value, at), null));
      } else if (value.isArray()) {
        if (value.isEmpty()) {
          throw new IllegalArgumentException("'" + at + "' has an empty list of rules; an empty"
              + " list would match nothing");
        }
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : value) {
          rules.add(rule(rule, at));
        }
        fields.add(new Field(key, null, rules));
      } else {
        throw new IllegalArgumentException("'" + at + "' must be a list of rules, such as [\""
            + value.asText() + "\"], or an object; found " + value);
      }
    }
    return new Fields(fields, alternatives);
  }

  private static Rule rule(JsonNode rule, String at) {
    if (rule.isTextual() || rule.isNumber() || rule.isBoolean() || rule.isNull()) {
      return new Equals(rule);
    }
    if (!rule.isObject() || rule.size() != 1) {
      throw new IllegalArgumentException("a rule of '" + at + "' must be a value or an object with"
          + " one operator (prefix, suffix, equals-ignore-case, anything-but, numeric, exists);"
          + " found " + rule);
    }
    Map.Entry<String, JsonNode> op = rule.properties().iterator().next();
    JsonNode operand = op.getValue();
    return switch (op.getKey()) {
      case "prefix" -> new Prefix(text(operand, at, "prefix"));
      case "suffix" -> new Suffix(text(operand, at, "suffix"));
      case "equals-ignore-case" -> new EqualsIgnoreCase(text(operand, at, "equals-ignore-case"));
      case "exists" -> {
        if (!operand.isBoolean()) {
          throw new IllegalArgumentException("'exists' of '" + at + "' must be true or false");
        }
        yield new Exists(operand.asBoolean());
      }
      case "numeric" -> numeric(operand, at);
      case "anything-but" -> anythingBut(operand, at);
      default -> throw new IllegalArgumentException("unknown operator '" + op.getKey() + "' in a"
          + " rule of '" + at + "'; Lambda's are prefix, suffix, equals-ignore-case, anything-but,"
          + " numeric and exists");
    };
  }

  private static String text(JsonNode operand, String at, String operator) {
    if (!operand.isTextual()) {
      throw new IllegalArgumentException("'" + operator + "' of '" + at + "' must be a string;"
          + " found " + operand);
    }
    return operand.asText();
  }

  private static Rule numeric(JsonNode operand, String at) {
    if (!operand.isArray() || (operand.size() != 2 && operand.size() != 4)) {
      throw new IllegalArgumentException("'numeric' of '" + at + "' must be [operator, number] or"
          + " [lower operator, number, upper operator, number], such as [\">\", 10, \"<=\", 20]");
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < operand.size(); i += 2) {
      JsonNode operator = operand.get(i);
      JsonNode number = operand.get(i + 1);
      if (!operator.isTextual() || !NUMERIC_OPERATORS.contains(operator.asText())) {
        throw new IllegalArgumentException("'numeric' of '" + at + "' has the operator "
            + operator + "; use one of =, <, <=, >, >=");
      }
      if (!number.isNumber()) {
        throw new IllegalArgumentException("'numeric' of '" + at + "' compares with " + number
            + ", which is not a number");
      }
      comparisons.add(new Comparison(operator.asText(), number.decimalValue()));
    }
    if (comparisons.size() == 2) {
      String lower = comparisons.get(0).operator();
      String upper = comparisons.get(1).operator();
      if (!(lower.equals(">") || lower.equals(">=")) || !(upper.equals("<") || upper.equals("<="))) {
        throw new IllegalArgumentException("a 'numeric' range of '" + at + "' is a lower bound (>"
            + " or >=) then an upper bound (< or <=)");
      }
      if (comparisons.get(0).bound().compareTo(comparisons.get(1).bound()) > 0) {
        throw new IllegalArgumentException("the 'numeric' range of '" + at + "' has its lower"
            + " bound above its upper bound");
      }
    }
    return new Numeric(comparisons);
  }

  private static Rule anythingBut(JsonNode operand, String at) {
    if (operand.isObject()) {
      if (operand.size() != 1) {
        throw new IllegalArgumentException("'anything-but' of '" + at + "' takes one of prefix,"
            + " suffix or equals-ignore-case");
      }
      Rule inner = rule(operand, at);
      if (!(inner instanceof Prefix || inner instanceof Suffix || inner instanceof EqualsIgnoreCase)) {
        throw new IllegalArgumentException("'anything-but' of '" + at + "' takes a value, a list of"
            + " values, or one of prefix, suffix or equals-ignore-case");
      }
      return new AnythingBut(List.of(inner));
    }
    List<Rule> excluded = new ArrayList<>();
    Iterator<JsonNode> values = operand.isArray() ? operand.elements() : List.of(operand).iterator();
    while (values.hasNext()) {
      JsonNode v = values.next();
      if (!v.isTextual() && !v.isNumber()) {
        throw new IllegalArgumentException("'anything-but' of '" + at + "' lists " + v
            + "; it takes strings and numbers");
      }
      excluded.add(new Equals(v));
    }
    if (excluded.isEmpty()) {
      throw new IllegalArgumentException("'anything-but' of '" + at + "' lists no value");
    }
    return new AnythingBut(excluded);
  }

  // ---- matching --------------------------------------------------------------------------------

  /** An object of the pattern: every field matches, and one alternative of {@code $or} if any. */
  private record Fields(List<Field> fields, List<Fields> alternatives) {
    boolean matches(JsonNode event) {
      JsonNode object = event != null && event.isObject() ? event : MissingNode.getInstance();
      for (Field f : fields) {
        if (!f.matches(object)) {
          return false;
        }
      }
      if (alternatives.isEmpty()) {
        return true;
      }
      for (Fields alternative : alternatives) {
        if (alternative.matches(object)) {
          return true;
        }
      }
      return false;
    }
  }

  /** One key: either nested fields, or a list of rules for a value. */
  private record Field(String key, Fields nested, List<Rule> rules) {
    boolean matches(JsonNode object) {
      JsonNode value = object.get(key);
      if (nested != null) {
        if (value != null && value.isArray()) {
          for (JsonNode element : value) {
            if (element.isObject() && nested.matches(element)) {
              return true;
            }
          }
          return false;
        }
        return nested.matches(value); // absent or not an object: only 'exists: false' can match
      }
      for (Rule r : rules) {
        if (r instanceof Exists e) {
          boolean present = value != null && !value.isObject();
          if (present == e.present()) {
            return true;
          }
        } else if (value != null && value.isArray()) {
          for (JsonNode element : value) {
            if (r.test(element)) {
              return true;
            }
          }
        } else if (value != null && r.test(value)) {
          return true;
        }
      }
      return false;
    }
  }

  private sealed interface Rule {
    /** Tests one present value (never an array). */
    boolean test(JsonNode value);
  }

  private record Equals(JsonNode literal) implements Rule {
    @Override
    public boolean test(JsonNode value) {
      if (literal.isTextual()) {
        return value.isTextual() && value.asText().equals(literal.asText());
      }
      if (literal.isNumber()) {
        return value.isNumber() && value.asText().equals(literal.asText());
      }
      if (literal.isBoolean()) {
        return value.isBoolean() && value.asBoolean() == literal.asBoolean();
      }
      return value.isNull();
    }
  }

  private record Prefix(String prefix) implements Rule {
    @Override
    public boolean test(JsonNode value) {
      return value.isTextual() && value.asText().startsWith(prefix);
    }
  }

  private record Suffix(String suffix) implements Rule {
    @Override
    public boolean test(JsonNode value) {
      return value.isTextual() && value.asText().endsWith(suffix);
    }
  }

  private record EqualsIgnoreCase(String expected) implements Rule {
    @Override
    public boolean test(JsonNode value) {
      return value.isTextual() && value.asText().equalsIgnoreCase(expected);
    }
  }

  private record AnythingBut(List<Rule> excluded) implements Rule {
    @Override
    public boolean test(JsonNode value) {
      if (value.isObject()) {
        return false;
      }
      for (Rule r : excluded) {
        if (r.test(value)) {
          return false;
        }
      }
      return true;
    }
  }

  private record Comparison(String operator, BigDecimal bound) {}

  private record Numeric(List<Comparison> comparisons) implements Rule {
    @Override
    public boolean test(JsonNode value) {
      if (!value.isNumber()) {
        return false;
      }
      BigDecimal v = value.decimalValue();
      for (Comparison c : comparisons) {
        int cmp = v.compareTo(c.bound());
        boolean ok = switch (c.operator()) {
          case "=" -> cmp == 0;
          case "<" -> cmp < 0;
          case "<=" -> cmp <= 0;
          case ">" -> cmp > 0;
          default -> cmp >= 0;
        };
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  /** Exists is decided by {@link Field}, which sees absence; it never tests a value. */
  private record Exists(boolean present) implements Rule {
    @Override
    public boolean test(JsonNode value) {
      return present;
    }
  }
}
