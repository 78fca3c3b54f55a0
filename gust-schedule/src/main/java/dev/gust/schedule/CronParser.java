package dev.gust.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads AWS's six cron fields, as the "Cron expressions reference"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html) defines them:
 *
 * <pre>
 * Field         Values              Wildcards
 * Minutes       0-59                , - * /
 * Hours         0-23                , - * /
 * Day-of-month  1-31                , - * ? / L W
 * Month         1-12 or JAN-DEC     , - * /
 * Day-of-week   1-7 or SUN-SAT      , - * ? L #
 * Year          1970-2199           , - * /
 * </pre>
 *
 * <p>Rules from that page: exactly one of day-of-month and day-of-week is {@code ?}; {@code L} is
 * the last day of the month (day-of-month) or of the week, Saturday (day-of-week); {@code 3W} is
 * the weekday closest to the 3rd; {@code 3#2} is the second Tuesday; with {@code #} the day-of-week
 * field holds one expression only ({@code 3#1,6#3} is invalid); {@code 1/10} in minutes is 1, 11,
 * 21, ...
 *
 * <p>Where the page is silent, Gust chose, and says so in the refusal: names are accepted in any
 * case ({@code jan}, {@code Mon}); {@code *}{@code /n} means "from the field's first value, every
 * n"; an increment must be between 1 and the field's span (an increment that can only ever yield
 * its start is a mistake); a range must run from low to high ({@code FRI-MON} is refused: write
 * {@code FRI-SAT,SUN-MON}); the special forms {@code L}, {@code LW}, {@code 15W}, {@code 5L} and
 * {@code 3#2} must be the whole field; {@code 5L} (last Thursday) is accepted in day-of-week as in
 * Quartz, since AWS documents {@code L} there without restricting it to standing alone.
 */
final class CronParser {
  static final int MIN_YEAR = 1970;
  static final int MAX_YEAR = 2199;

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Pattern NEAREST_WEEKDAY = Pattern.compile("([0-9]{1,2})W");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,4}");

  /** One of the six fields: its name, its range, its names, whether it takes {@code /}. */
  private enum Field {
    MINUTES("minutes", 0, 59, List.of(), true, "cron(0/15 * * * ? *) runs every 15 minutes"),
    HOURS("hours", 0, 23, List.of(), true, "cron(0 8-17 * * ? *) runs hourly from 8:00 to 17:00"),
    DAY_OF_MONTH(
        "day-of-month", 1, 31, List.of(), true, "cron(0 12 1,15 * ? *) runs on the 1st and 15th"),
    MONTH("month", 1, 12, MONTHS, true, "cron(0 12 1 JAN,JUL ? *) runs on 1 January and 1 July"),
    DAY_OF_WEEK(
        "day-of-week", 1, 7, DAYS, false, "cron(0 12 ? * MON-FRI *) runs at noon on weekdays"),
    YEAR(
        "year",
        MIN_YEAR,
        MAX_YEAR,
        List.of(),
        true,
        "cron(0 12 1 1 ? 2030-2035) runs on 1 January, 2030 to 2035");

    final String label;
    final int min;
    final int max;
    final List<String> names;
    final boolean takesIncrements;
    final String example;

    Field(
        String label,
        int min,
        int max,
        List<String> names,
        boolean takesIncrements,
        String example) {
      this.label = label;
      this.min = min;
      this.max = max;
      this.names = names;
      this.takesIncrements = takesIncrements;
      this.example = example;
    }

    String range() {
      return min
          + "-"
          + max
          + (names.isEmpty() ? "" : " or " + names.getFirst() + "-" + names.getLast());
    }
  }

  private final String input;

  private CronParser(String input) {
    this.input = input;
  }

  /** Parses the six fields of {@code input}, which is quoted as given in every refusal. */
  static CronSpec parse(String input, List<String> fields) {
    return new CronParser(input).parse(fields);
  }

  private CronSpec parse(List<String> fields) {
    if (fields.size() != 6) {
      throw Refusal.of(
          input,
          "a cron expression has six fields (minutes hours day-of-month month day-of-week year),"
              + " this one has "
              + fields.size()
              + (fields.size() == 5
                  ? "; unlike Unix cron, AWS adds a year and writes ? in day-of-month or"
                      + " day-of-week"
                  : ""),
          "cron(0 12 * * ? *) runs at 12:00 every day");
    }
    BitSet minutes = list(fields.get(0), Field.MINUTES);
    BitSet hours = list(fields.get(1), Field.HOURS);
    boolean anyDayOfMonth = fields.get(2).equals("?");
    boolean anyDayOfWeek = fields.get(4).equals("?");
    if (anyDayOfMonth && anyDayOfWeek) {
      throw Refusal.of(
          input,
          "day-of-month and day-of-week cannot both be ?; give one of them a value or *",
          "cron(0 12 * * ? *) runs every day, cron(0 12 ? * MON *) every Monday");
    }
    if (!anyDayOfMonth && !anyDayOfWeek) {
      throw Refusal.of(
          input,
          "one of day-of-month and day-of-week must be ? (AWS does not combine them, not even"
              + " * with *)",
          "cron(0 12 1 * ? *) runs on the 1st of each month, cron(0 12 ? * MON-FRI *) on"
              + " weekdays");
    }
    DayRule days = anyDayOfWeek ? dayOfMonth(fields.get(2)) : null;
    BitSet months = list(fields.get(3), Field.MONTH);
    if (days == null) {
      days = dayOfWeek(fields.get(4));
    }
    BitSet years = list(fields.get(5), Field.YEAR);
    return new CronSpec(minutes, hours, days, months, years);
  }

  private DayRule dayOfMonth(String field) {
    String upper = field.toUpperCase(Locale.ROOT);
    if (upper.equals("L")) {
      return new DayRule.LastDayOfMonth();
    }
    if (upper.equals("LW")) {
      return new DayRule.LastWeekdayOfMonth();
    }
    Matcher m = NEAREST_WEEKDAY.matcher(upper);
    if (m.matches()) {
      int day = Integer.parseInt(m.group(1));
      if (day < 1 || day > 31) {
        throw refuse(
            "the day before W must be 1 to 31, not " + day,
            "cron(0 12 15W * ? *) runs on the weekday closest to the 15th");
      }
      return new DayRule.NearestWeekday(day);
    }
    if (upper.contains("L") || upper.contains("W")) {
      throw refuse(
          "L, LW and a day with W (such as 15W) must be the whole day-of-month field",
          "cron(0 12 L * ? *) runs on the last day of the month, cron(0 12 LW * ? *) on its"
              + " last weekday");
    }
    return new DayRule.DaysOfMonth(list(field, Field.DAY_OF_MONTH));
  }

  private DayRule dayOfWeek(String field) {
    String example = "cron(0 12 ? * 3#2 *) runs on the second Tuesday of the month";
    String upper = field.toUpperCase(Locale.ROOT);
    if (field.contains("#")) {
      if (field.contains(",")) {
        throw refuse(
            "with # the day-of-week field holds one expression only (AWS refuses 3#1,6#3)",
            example);
      }
      String[] parts = field.split("#", -1);
      if (parts.length != 2 || !parts[1].matches("[1-5]")) {
        throw refuse(
            "'" + field + "' must be a day, #, and which occurrence in the month, 1 to 5", example);
      }
      int day = value(parts[0], Field.DAY_OF_WEEK);
      return new DayRule.NthInMonth(DayRule.fromAwsNumber(day), Integer.parseInt(parts[1]));
    }
    if (upper.equals("L")) {
      BitSet saturday = new BitSet();
      saturday.set(7);
      return new DayRule.DaysOfWeek(saturday);
    }
    if (upper.endsWith("L") && upper.matches("[0-9A-Z]+")) {
      int day = value(field.substring(0, field.length() - 1), Field.DAY_OF_WEEK);
      return new DayRule.LastInMonth(DayRule.fromAwsNumber(day));
    }
    if (upper.contains("L")) {
      throw refuse(
          "L must be the whole day-of-week field: alone (Saturday, the last day of the week) or"
              + " after one day (5L or THUL, the last Thursday of the month)",
          "cron(0 12 ? * 6L *) runs on the last Friday of the month");
    }
    return new DayRule.DaysOfWeek(list(field, Field.DAY_OF_WEEK));
  }

  /** A field of values, ranges and increments separated by commas. */
  private BitSet list(String field, Field f) {
    if (field.contains("?")) {
      throw refuse(
          f == Field.DAY_OF_MONTH || f == Field.DAY_OF_WEEK
              ? "? must be the whole " + f.label + " field"
              : "? is only allowed in day-of-month and day-of-week, not in " + f.label,
          f.example);
    }
    if (field.contains("#")) {
      throw refuse(
          "# is only allowed in day-of-week, not in " + f.label,
          "cron(0 12 ? * 3#2 *) runs on the second Tuesday of the month");
    }
    if (field.contains("/") && !f.takesIncrements) {
      throw refuse(
          f.label
              + " does not take / increments (AWS allows , - * ? L # there); list the days"
              + " instead",
          "cron(0 12 ? * MON,WED,FRI *) runs on Mondays, Wednesdays and Fridays");
    }
    BitSet values = new BitSet();
    for (String item : field.split(",", -1)) {
      if (item.isEmpty()) {
        throw refuse("the " + f.label + " field '" + field + "' has an empty item", f.example);
      }
      item(item, f, values);
    }
    return values;
  }

  /** {@code *}, {@code v}, {@code a-b}, each optionally followed by {@code /step}. */
  private void item(String item, Field f, BitSet values) {
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      step = increment(item, item.substring(slash + 1), f);
    }
    int low;
    int high;
    int dash = range.indexOf('-');
    if (range.equals("*")) {
      low = f.min;
      high = f.max;
    } else if (dash >= 0) {
      low = value(range.substring(0, dash), f);
      high = value(range.substring(dash + 1), f);
      if (low > high) {
        throw refuse(
            "the range '"
                + range
                + "' runs backwards; ranges go from low to high (split a"
                + " wrapping range in two, e.g. 22-23,0-2)",
            f.example);
      }
    } else {
      low = value(range, f);
      high = slash >= 0 ? f.max : low;
    }
    for (int v = low; v <= high; v += step) {
      values.set(v);
    }
  }

  private int increment(String item, String text, Field f) {
    int span = f.max - f.min;
    if (!DIGITS.matcher(text).matches()
        || Integer.parseInt(text) < 1
        || Integer.parseInt(text) > span) {
      throw refuse(
          "the increment in '" + item + "' must be a whole number from 1 to " + span, f.example);
    }
    return Integer.parseInt(text);
  }

  private int value(String text, Field f) {
    if (text.isEmpty()) {
      throw refuse("a value is missing in the " + f.label + " field", f.example);
    }
    if (DIGITS.matcher(text).matches()) {
      int v = Integer.parseInt(text);
      if (v < f.min || v > f.max) {
        throw refuse(f.label + " value " + v + " is out of range " + f.range(), f.example);
      }
      return v;
    }
    String upper = text.toUpperCase(Locale.ROOT);
    int named = f.names.indexOf(upper);
    if (named >= 0) {
      return f.min + named;
    }
    if (f != Field.MONTH && (upper.contains("L") || upper.contains("W"))) {
      throw refuse(
          "'"
              + text
              + "' is not allowed in "
              + f.label
              + "; L and W belong to day-of-month (L,"
              + " LW, 15W) and L to day-of-week (L, 5L)",
          f.example);
    }
    throw refuse(
        "'" + text + "' is not a valid " + f.label + " value (" + f.range() + ")", f.example);
  }

  private RuntimeException refuse(String problem, String example) {
    return Refusal.of(input, problem, example);
  }
}
