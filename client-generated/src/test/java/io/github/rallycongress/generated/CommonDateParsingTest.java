package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written date parsing is a shortcut, never a second opinion: on every text it accepts it
 * must give exactly what DateTimeFormatter gives, and everything else must reach the formatter.
 */
class CommonDateParsingTest {
  private static final ZoneOffset[] OFFSETS = {
      ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-8), ZoneOffset.ofHours(14),
      ZoneOffset.ofHoursMinutes(-9, -30), ZoneOffset.ofHours(18), ZoneOffset.ofHours(-18)};
  private static final int[] NANOS = {0, 1, 100_000_000, 120_000_000, 123_000_000, 123_456_000, 123_456_789, 999_999_999};

  @Test
  void everyShapeTheApiSendsTakesTheShortcutAndMatchesTheFormatter() {
    Random random = new Random(20261128);
    for (int i = 0; i < 20_000; i++) {
      OffsetDateTime value = OffsetDateTime.of(1900 + random.nextInt(250), 1 + random.nextInt(12),
          1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60),
          NANOS[random.nextInt(NANOS.length)], OFFSETS[random.nextInt(OFFSETS.length)]);
      String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);

      assertThat(GeneratedJson.parseCommonDateTime(text)).as(text)
          .isNotNull()
          .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      String day = DateTimeFormatter.ISO_LOCAL_DATE.format(value);
      assertThat(GeneratedJson.parseCommonDate(day)).as(day)
          .isNotNull()
          .isEqualTo(LocalDate.parse(day, DateTimeFormatter.ISO_LOCAL_DATE));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-03-14T15:09:26Z", "2026-03-14T15:09:26.5Z", "2024-02-29T23:59:59.999999999+14:00",
      "2026-03-14T15:09:26-00:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-18:00",
      // Valid for the formatter, but not a shape the shortcut takes:
      "2026-03-14t15:09:26z", "2026-03-14T15:09Z", "2026-03-14T15:09:26+05:30:15", "+12026-03-14T15:09:26Z",
      // Invalid: the formatter's error, whoever looked first.
      "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-14T24:00:00Z",
      "2026-03-14T23:59:60Z", "2026-03-14T15:60:00Z", "2026-03-14T15:09:26.Z", "2026-03-14T15:09:26.1234567891Z",
      "2026-03-14T15:09:26+18:01", "2026-03-14T15:09:26+05:60", "2026-03-14T15:09:26+0530", "2026-03-14T15:09:26",
      "2026-03-14T15:09:26ZZ", "2026-03-14 15:09:26Z", "2026-3-14T15:09:26Z", "2026-03-14T15:09:2xZ",
      "\uff12\uff10\uff12\uff16-03-14T15:09:26Z", "2026-03-14T15:09:26+05:3", "2026-03-14T15:09:26Z "})
  void dateTimeShortcutAgreesWithTheFormatter(String text) {
    OffsetDateTime common = GeneratedJson.parseCommonDateTime(text);
    OffsetDateTime formatter;
    try {
      formatter = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      assertThat(common).as("the formatter rejects it").isNull();
      return;
    }
    if (common != null) {
      assertThat(common).isEqualTo(formatter);
    }
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
  void anInvalidDateStillFailsWithThePathAndTheText() {
    assertThatThrownBy(() -> GeneratedJson.moshi().adapter(OffsetDateTime.class).fromJson("\"2026-02-30T00:00:00Z\""))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Expected a date-time such as 2026-03-14T15:09:26Z but was '2026-02-30T00:00:00Z' at path $");
  }
}
