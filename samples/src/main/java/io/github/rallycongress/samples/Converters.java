package io.github.rallycongress.samples;

import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.TypeConversionException;

/** Command-line values to API types, refusing what the API does not know with the accepted values. */
final class Converters {
  private Converters() {
  }

  static ActionType actionType(String value) {
    ActionType type = ActionType.fromValue(value.toLowerCase(Locale.ROOT));
    if (!type.isKnown()) {
      throw new TypeConversionException("'" + value + "' is not an action type; use one of "
          + ActionType.knownValues().stream()
              .map(ActionType::getValue).collect(Collectors.joining(", ")));
    }
    return type;
  }

  static EmailOptin emailOptin(String value) {
    EmailOptin optin = EmailOptin.fromValue(value.toLowerCase(Locale.ROOT));
    if (!optin.isKnown()) {
      throw new TypeConversionException("'" + value + "' is not an opt-in status; use one of "
          + EmailOptin.knownValues().stream()
              .map(EmailOptin::getValue).collect(Collectors.joining(", ")));
    }
    return optin;
  }

  /** A published address type, in any case (the spec says its case is not reliable), kept as typed. */
  static AddressType addressType(String value) {
    AddressType type = AddressType.fromValue(value);
    if (!type.isKnown()) {
      throw new TypeConversionException("'" + value + "' is not an address type; use one of "
          + AddressType.knownValues().stream().map(AddressType::getValue).collect(Collectors.joining(", ")));
    }
    return type;
  }

  /** An ISO instant with offset ({@code 2025-06-01T00:00:00Z}) or a day, meaning its start in UTC. */
  static OffsetDateTime instant(String value) {
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC)
          : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      try {
        LocalDateTime.parse(value);
        // A time without its offset: of which zone, the user knows and the command cannot guess.
        throw new TypeConversionException("'" + value + "' has no offset: add Z for UTC (" + value + "Z) or the"
            + " offset from UTC (" + value + "+02:00)");
      } catch (DateTimeParseException notATime) {
        throw new TypeConversionException("'" + value + "' is not a date (2025-06-01) or an instant"
            + " (2025-06-01T12:00:00Z)");
      }
    }
  }
}
