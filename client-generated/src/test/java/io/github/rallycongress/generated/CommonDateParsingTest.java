package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import io.github.rallycongress.generated.model.Supporter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written RFC 3339 parsing against an independent oracle: the grammar of RFC 3339 section
 * 5.6 as a regular expression, the leap-second rule of section 5.7, then java.time's formatter on
 * the normalised text. They must agree on every text, valid or not, random or chosen.
 */
class CommonDateParsingTest {
  private static final ZoneOffset[] OFFSETS = {
      ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-8), ZoneOffset.ofHours(14),
      ZoneOffset.ofHoursMinutes(-9, -30), ZoneOffset.ofHours(18), ZoneOffset.ofHours(-18)};
  private static final int[] NANOS = {0, 1, 100_000_000, 120_000_000, 123_000_000, 123_456_000, 123_456_789, 999_999_999};

  /** RFC 3339 section 5.6 {@code date-time}, "T" and "Z" in either case (its note on ABNF case). */
  private static final Pattern RFC_3339 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?([Zz]|[+-](\\d{2}):(\\d{2}))");

  /** What the parser must return: java.time on the text made ISO 8601 as java.time reads it, or null. */
  private static @Nullable OffsetDateTime oracle(String text) {
    Matcher m = RFC_3339.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String offset = m.group(8).equalsIgnoreCase("Z") ? "Z" : m.group(8);
    int second = Integer.parseInt(m.group(6));
    if (second == 60) {
      int hour = Integer.parseInt(m.group(4));
      int minute = Integer.parseInt(m.group(5));
      int offsetMinutes = offset.equals("Z") ? 0
          : (offset.charAt(0) == '-' ? -1 : 1) * (Integer.parseInt(m.group(9)) * 60 + Integer.parseInt(m.group(10)));
      int utc = Math.floorMod(hour * 60 + minute - offsetMinutes, 1440);
      if (hour > 23 || minute > 59 || utc != 23 * 60 + 59) {
        return null; // RFC 3339 section 5.7: a leap second is 23:59:60 in UTC
      }
      second = 59; // as java.time's ISO_INSTANT maps 23:59:60Z
    }
    if (m.group(9) != null && (Integer.parseInt(m.group(9)) > 23 || Integer.parseInt(m.group(10)) > 59)) {
      return null;
    }
    String fraction = m.group(7) == null ? "" : "." + (m.group(7).length() > 9 ? m.group(7).substring(0, 9) : m.group(7));
    String iso = m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "T" + m.group(4) + ":" + m.group(5) + ":"
        + String.format(Locale.ROOT, "%02d", second) + fraction + offset;
    try {
      return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Test
  void everyShapeTheApiSendsMatchesTheFormatter() {
    Random random = new Random(20261128);
    for (int i = 0; i < 20_000; i++) {
      OffsetDateTime value = randomDateTime(random);
      String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);

      assertThat(GeneratedJson.parseDateTime(text)).as(text)
          .isNotNull()
          .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      String day = DateTimeFormatter.ISO_LOCAL_DATE.format(value);
      assertThat(GeneratedJson.parseCommonDate(day)).as(day)
          .isNotNull()
          .isEqualTo(LocalDate.parse(day, DateTimeFormatter.ISO_LOCAL_DATE));
    }
  }

  /**
   * Random RFC 3339 texts in every allowed shape (0 to 20 fraction digits, either case of T and Z,
   * leap seconds at 23:59:60 UTC under any offset), then the same texts with one character
   * changed, dropped or added: the parser and the oracle agree on every one.
   */
  @Test
  void everyRfc3339ShapeAndEveryNearMissAgreesWithTheOracle() {
    Random random = new Random(20261129);
    int valid = 0;
    int leapSeconds = 0;
    for (int i = 0; i < 50_000; i++) {
      String text = randomRfc3339(random);
      OffsetDateTime expected = oracle(text);
      assertThat(expected).as("the generator makes valid RFC 3339: %s", text).isNotNull();
      assertThat(GeneratedJson.parseDateTime(text)).as(text).isEqualTo(expected);
      valid++;
      if (text.contains(":60")) {
        leapSeconds++;
      }
      String broken = mutate(text, random);
      assertThat(GeneratedJson.parseDateTime(broken)).as(broken).isEqualTo(oracle(broken));
    }
    assertThat(valid).isEqualTo(50_000);
    assertThat(leapSeconds).as("leap seconds generated").isGreaterThan(1_000);
  }

  @ParameterizedTest
  @CsvSource({
      // RFC 3339 text, what it decodes to
      "2026-03-14T15:09:26Z, 2026-03-14T15:09:26Z",
      "2026-03-14t15:09:26z, 2026-03-14T15:09:26Z",
      "2026-03-14T15:09:26.1234567891Z, 2026-03-14T15:09:26.123456789Z",
      "2026-03-14T15:09:26.99999999999999999999+05:30, 2026-03-14T15:09:26.999999999+05:30",
      "2026-03-14T15:09:26.5-00:00, 2026-03-14T15:09:26.5Z",
      "2016-12-31T23:59:60Z, 2016-12-31T23:59:59Z",
      "2016-12-31T23:59:60.5Z, 2016-12-31T23:59:59.5Z",
      "2016-12-31T18:59:60-05:00, 2016-12-31T18:59:59-05:00",
      "2017-01-01T05:29:60+05:30, 2017-01-01T05:29:59+05:30"})
  void validTextsDecode(String text, String expected) {
    assertThat(GeneratedJson.parseDateTime(text)).isEqualTo(OffsetDateTime.parse(expected));
  }

  @Test
  void aLeapSecondIsTheInstantJavaTimeGivesIt() {
    assertThat(GeneratedJson.parseDateTime("2016-12-31T23:59:60.25Z").toInstant())
        .isEqualTo(Instant.from(DateTimeFormatter.ISO_INSTANT.parse("2016-12-31T23:59:60.25Z")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-14T24:00:00Z",
      "2016-12-31T23:58:60Z", "2016-12-31T23:59:60+01:00", "2026-03-14T15:60:00Z",
      "2026-03-14T15:09:26.Z", "2026-03-14T15:09Z", "2026-03-14T15:09:26+18:01", "2026-03-14T15:09:26+05:60",
      "2026-03-14T15:09:26+0530", "2026-03-14T15:09:26", "2026-03-14T15:09:26ZZ", "2026-03-14 15:09:26Z",
      "2026-3-14T15:09:26Z", "2026-03-14T15:09:2xZ", "\uff12\uff10\uff12\uff16-03-14T15:09:26Z",
      "2026-03-14T15:09:26+05:3", "2026-03-14T15:09:26Z ", "+12026-03-14T15:09:26Z", "2026-03-14T15:09:26+05:30:15",
      "2026-03-14T15:09:26.12a4Z", ""})
  void invalidTextsAreRejectedAsTheOracleRejectsThem(String text) {
    assertThat(oracle(text)).isNull();
    assertThat(GeneratedJson.parseDateTime(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-11-02", "0000-01-01", "2024-02-29", "2025-02-29", "2025-13-01", "2025-00-10",
      "2025-11-00", "2025-11-2", "+2025-11-02", "2025/11/02", "2025-11-02Z", "2025-1x-02", " 2025-11-02"})
  void dateShortcutAgreesWithTheFormatter(String text) {
    LocalDate common = GeneratedJson.parseCommonDate(text);
    LocalDate formatter;
    try {
      formatter = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      assertThat(common).as("the formatter rejects it").isNull();
      return;
    }
    if (common != null) {
      assertThat(common).isEqualTo(formatter);
    }
  }

  @Test
  void anInvalidDateTimeFailsWithThePathAndTheText() {
    assertThatThrownBy(() -> GeneratedJson.moshi().adapter(OffsetDateTime.class).fromJson("\"2026-02-30T00:00:00Z\""))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Expected a date-time such as 2026-03-14T15:09:26Z but was '2026-02-30T00:00:00Z' at path $");
    assertThatThrownBy(() -> GeneratedJson.moshi().adapter(Supporter.class)
        .fromJson("{\"id\":\"1\",\"updatedAt\":\"2016-12-31T12:00:60Z\"}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Expected a date-time such as 2026-03-14T15:09:26Z but was '2016-12-31T12:00:60Z' at path $.updatedAt");
  }

  @Test
  void theIssuesExamplesDecodeInASupporter() throws Exception {
    Supporter supporter = GeneratedJson.moshi().adapter(Supporter.class)
        .fromJson("{\"id\":\"1\",\"updatedAt\":\"2016-12-31T23:59:60Z\"}");
    assertThat(supporter.getUpdatedAt()).isEqualTo(OffsetDateTime.parse("2016-12-31T23:59:59Z"));
    supporter = GeneratedJson.moshi().adapter(Supporter.class)
        .fromJson("{\"id\":\"1\",\"updatedAt\":\"2026-03-14T15:09:26.123456789012Z\"}");
    assertThat(supporter.getUpdatedAt()).isEqualTo(OffsetDateTime.parse("2026-03-14T15:09:26.123456789Z"));
  }

  private static OffsetDateTime randomDateTime(Random random) {
    return OffsetDateTime.of(1900 + random.nextInt(250), 1 + random.nextInt(12),
        1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60),
        NANOS[random.nextInt(NANOS.length)], OFFSETS[random.nextInt(OFFSETS.length)]);
  }

  private static String randomRfc3339(Random random) {
    OffsetDateTime value = randomDateTime(random);
    boolean leap = random.nextInt(10) == 0;
    if (leap) {
      // 23:59:60 in UTC, written in the value's offset.
      OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC).withHour(23).withMinute(59);
      value = utc.withOffsetSameInstant(value.getOffset());
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02d%c%02d:%02d:%02d",
        value.getYear(), value.getMonthValue(), value.getDayOfMonth(), random.nextBoolean() ? 'T' : 't',
        value.getHour(), value.getMinute(), leap ? 60 : value.getSecond()));
    int fractionDigits = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(20);
    if (fractionDigits > 0) {
      text.append('.');
      for (int d = 0; d < fractionDigits; d++) {
        text.append((char) ('0' + random.nextInt(10)));
      }
    }
    ZoneOffset offset = value.getOffset();
    if (offset.getTotalSeconds() == 0 && random.nextBoolean()) {
      text.append(random.nextBoolean() ? 'Z' : 'z');
    } else {
      int total = offset.getTotalSeconds();
      text.append(String.format(Locale.ROOT, "%c%02d:%02d", total < 0 ? '-' : '+', Math.abs(total) / 3600,
          Math.abs(total) / 60 % 60));
    }
    return text.toString();
  }

  private static final String NOISE = "0123456789-:.+TtZz x6\uff10";

  private static String mutate(String text, Random random) {
    StringBuilder broken = new StringBuilder(text);
    int at = random.nextInt(text.length());
    char noise = NOISE.charAt(random.nextInt(NOISE.length()));
    switch (random.nextInt(3)) {
      case 0 -> broken.setCharAt(at, noise);
      case 1 -> broken.deleteCharAt(at);
      default -> broken.insert(at, noise);
    }
    return broken.toString();
  }
}
