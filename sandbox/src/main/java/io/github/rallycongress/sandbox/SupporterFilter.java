package io.github.rallycongress.sandbox;

import com.squareup.moshi.JsonDataException;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The filters of {@code GET /supporters}, parsed and checked. Filters combine with AND; text
 * filters match exactly; {@code city}, {@code state}, {@code zipCode} and {@code congressDistrict}
 * match any of a supporter's addresses (all as the spec infers).
 */
final class SupporterFilter {
  /** The filter names in the spec's order, which is also their order in page URIs. */
  static final List<String> NAMES = Collections.unmodifiableList(java.util.Arrays.asList(
      "email", "firstName", "lastName", "customId", "city", "updatedSince", "joinDate", "state",
      "optinStatus", "zipCode", "congressDistrict"));

  private static final Pattern JOIN_DATE = Pattern.compile(
      "^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:,([0-9]{4}-[0-9]{2}-[0-9]{2}))?$");
  private static final Pattern STATE = Pattern.compile("^[A-Z]{2}$");
  private static final Pattern ZIP5 = Pattern.compile("^[0-9]{5}$");
  private static final Pattern DISTRICT = Pattern.compile("^[A-Z]{2}[0-9A-Z]{2}$");

  /** The filters as sent (raw text), in {@link #NAMES} order: the page URIs repeat them. */
  final Map<String, String> given;
  final @Nullable String email;
  final @Nullable String customId;
  private final @Nullable String firstName;
  private final @Nullable String lastName;
  private final @Nullable String city;
  private final @Nullable OffsetDateTime updatedSince;
  private final @Nullable LocalDate joinFrom;
  private final @Nullable LocalDate joinTo;
  private final @Nullable String state;
  private final @Nullable EmailOptin optinStatus;
  private final @Nullable String zipCode;
  private final @Nullable String congressDistrict;

  private SupporterFilter(Map<String, String> given, List<String> errors) {
    this.given = Collections.unmodifiableMap(given);
    email = given.get("email");
    customId = given.get("customId");
    firstName = given.get("firstName");
    lastName = given.get("lastName");
    city = given.get("city");

    OffsetDateTime since = null;
    String sinceText = given.get("updatedSince");
    if (sinceText != null) {
      try {
        // RFC 3339, as the spec's date-time: the client's own parser (java.time's would take
        // 2026-03-14T15:09Z, without seconds, and refuse ten fraction digits).
        since = GeneratedJson.moshi().adapter(OffsetDateTime.class).fromJsonValue(sinceText);
      } catch (JsonDataException e) {
        errors.add("The updatedSince parameter must be an RFC 3339 date-time such as 2026-03-14T15:09:26Z, but was '"
            + sinceText + "'.");
      }
    }
    updatedSince = since;

    LocalDate from = null;
    LocalDate to = null;
    String joinText = given.get("joinDate");
    if (joinText != null) {
      Matcher m = JOIN_DATE.matcher(joinText);
      try {
        if (!m.matches()) {
          throw new DateTimeParseException("no match", joinText, 0);
        }
        from = LocalDate.parse(m.group(1));
        to = m.group(2) == null ? from : LocalDate.parse(m.group(2));
        if (to.isBefore(from)) {
          errors.add("The joinDate range must start on or before its end, but was '" + joinText + "'.");
        }
      } catch (DateTimeParseException e) {
        errors.add("The joinDate parameter must be a date (YYYY-MM-DD) or two dates joined by a comma"
            + " (YYYY-MM-DD,YYYY-MM-DD), but was '" + joinText + "'.");
      }
    }
    joinFrom = from;
    joinTo = to;

    state = check(given, "state", STATE, "a two-letter uppercase state code such as NY", errors);
    zipCode = check(given, "zipCode", ZIP5, "a 5-digit ZIP code such as 12207", errors);
    congressDistrict = check(given, "congressDistrict", DISTRICT,
        "a 4-character congressional district such as NY20", errors);

    EmailOptin optin = null;
    String optinText = given.get("optinStatus");
    if (optinText != null) {
      optin = EmailOptin.fromValue(optinText);
      if (!optin.isKnown()) {
        errors.add("The optinStatus parameter must be one of " + Supporters.optinValues() + ", but was '"
            + optinText + "'.");
      }
    }
    optinStatus = optin;
  }

  /** Adds a message to {@code errors} for each bad filter. */
  static SupporterFilter parse(HttpUrl url, List<String> errors) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String name : NAMES) {
      String value = Paging.single(url, name, errors);
      if (value != null) {
        given.put(name, value);
      }
    }
    return new SupporterFilter(given, errors);
  }

  private static @Nullable String check(Map<String, String> given, String name, Pattern pattern, String rule,
      List<String> errors) {
    String value = given.get(name);
    if (value != null && !pattern.matcher(value).matches()) {
      errors.add("The " + name + " parameter must be " + rule + ", but was '" + value + "'.");
    }
    return value;
  }

  boolean isEmpty() {
    return given.isEmpty();
  }

  /**
   * Identifies the result set: the filters as sent. The map itself, not its text: the text of
   * {@code firstName=Maria, lastName=Smith} is also that of one firstName holding ", lastName=Smith".
   */
  Map<String, String> key() {
    return given;
  }

  boolean test(Supporter s) {
    if (email != null && !email.equals(s.getEmail())
        || customId != null && !customId.equals(s.getCustomId())
        || firstName != null && !firstName.equals(s.getFirstName())
        || lastName != null && !lastName.equals(s.getLastName())
        || optinStatus != null && !optinStatus.equals(s.getEmailOptin())) {
      return false;
    }
    if (joinFrom != null && joinTo != null) {
      LocalDate joined = s.getJoinDate();
      if (joined == null || joined.isBefore(joinFrom) || joined.isAfter(joinTo)) {
        return false;
      }
    }
    if (updatedSince != null) {
      OffsetDateTime updated = s.getUpdatedAt();
      if (updated == null || updated.isBefore(updatedSince)) {
        return false;
      }
    }
    if (city == null && state == null && zipCode == null && congressDistrict == null) {
      return true;
    }
    List<Address> addresses = s.getAddresses();
    if (addresses == null) {
      return false;
    }
    // Each address filter may be met by a different address: "an address in this city" and
    // "an address in this state" are separate conditions in the spec.
    return anyAddress(addresses, "city", city)
        && anyAddress(addresses, "state", state)
        && anyAddress(addresses, "zipcode", zipCode)
        && anyAddress(addresses, "congressDistrict", congressDistrict);
  }

  private static boolean anyAddress(List<Address> addresses, String property, @Nullable String wanted) {
    if (wanted == null) {
      return true;
    }
    for (Address address : addresses) {
      String value;
      switch (property) {
        case "city": value = address.getCity(); break;
        case "state": value = address.getState(); break;
        case "zipcode": value = address.getZipcode(); break;
        default: value = address.getCongressDistrict(); break;
      }
      if (wanted.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
