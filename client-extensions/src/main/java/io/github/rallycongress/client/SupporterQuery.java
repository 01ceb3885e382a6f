package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.api.SupportersApi.ListSupportersRequest;
import io.github.rallycongress.generated.model.EmailOptin;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * The filters of {@code GET /supporters}, all optional; they combine, and none at all means every
 * supporter of the account. Built once and reused: it is immutable.
 */
public final class SupporterQuery {
  private static final SupporterQuery ALL = new Builder().build();

  final @Nullable String email;
  final @Nullable String firstName;
  final @Nullable String lastName;
  final @Nullable String customId;
  final @Nullable String city;
  final @Nullable OffsetDateTime updatedSince;
  final @Nullable String joinDate;
  final @Nullable String state;
  final @Nullable EmailOptin optinStatus;
  final @Nullable String zipCode;
  final @Nullable String congressDistrict;

  private SupporterQuery(Builder b) {
    this.email = b.email;
    this.firstName = b.firstName;
    this.lastName = b.lastName;
    this.customId = b.customId;
    this.city = b.city;
    this.updatedSince = b.updatedSince;
    this.joinDate = b.joinDate;
    this.state = b.state;
    this.optinStatus = b.optinStatus;
    this.zipCode = b.zipCode;
    this.congressDistrict = b.congressDistrict;
  }

  /** No filter: every supporter. */
  public static SupporterQuery all() {
    return ALL;
  }

  /** A builder without any filter. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these filters, to change some of them. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The generated request for one page: the filters set, and {@code page} and {@code pageSize} when not null. */
  ListSupportersRequest toRequest(@Nullable Integer page, @Nullable Integer pageSize) {
    ListSupportersRequest.Builder request = ListSupportersRequest.builder();
    if (email != null) {
      request.email(email);
    }
    if (firstName != null) {
      request.firstName(firstName);
    }
    if (lastName != null) {
      request.lastName(lastName);
    }
    if (customId != null) {
      request.customId(customId);
    }
    if (city != null) {
      request.city(city);
    }
    if (updatedSince != null) {
      request.updatedSince(updatedSince);
    }
    if (joinDate != null) {
      request.joinDate(joinDate);
    }
    if (state != null) {
      request.state(state);
    }
    if (optinStatus != null) {
      request.optinStatus(optinStatus);
    }
    if (zipCode != null) {
      request.zipCode(zipCode);
    }
    if (congressDistrict != null) {
      request.congressDistrict(congressDistrict);
    }
    if (page != null) {
      request.page(page);
    }
    if (pageSize != null) {
      request.pagesize(pageSize);
    }
    return request.build();
  }

  /** Names the filters that are set, not their values (they are people's data). */
  @Override
  public String toString() {
    StringBuilder set = new StringBuilder("SupporterQuery{");
    appendIfSet(set, "email", email);
    appendIfSet(set, "firstName", firstName);
    appendIfSet(set, "lastName", lastName);
    appendIfSet(set, "customId", customId);
    appendIfSet(set, "city", city);
    appendIfSet(set, "updatedSince", updatedSince);
    appendIfSet(set, "joinDate", joinDate);
    appendIfSet(set, "state", state);
    appendIfSet(set, "optinStatus", optinStatus);
    appendIfSet(set, "zipCode", zipCode);
    appendIfSet(set, "congressDistrict", congressDistrict);
    return set.append('}').toString();
  }

  private static void appendIfSet(StringBuilder out, String name, @Nullable Object value) {
    if (value != null) {
      if (out.charAt(out.length() - 1) != '{') {
        out.append(", ");
      }
      out.append(name);
    }
  }

  /**
   * Builds a {@link SupporterQuery}; each setter checks its value at once and replaces an earlier
   * value of the same filter. Not thread-safe: fill it on one thread (or guard it); the query it
   * builds is immutable and may be shared.
   */
  public static final class Builder {
    private @Nullable String email;
    private @Nullable String firstName;
    private @Nullable String lastName;
    private @Nullable String customId;
    private @Nullable String city;
    private @Nullable OffsetDateTime updatedSince;
    private @Nullable String joinDate;
    private @Nullable String state;
    private @Nullable EmailOptin optinStatus;
    private @Nullable String zipCode;
    private @Nullable String congressDistrict;

    Builder() {
    }

    Builder(SupporterQuery q) {
      email = q.email;
      firstName = q.firstName;
      lastName = q.lastName;
      customId = q.customId;
      city = q.city;
      updatedSince = q.updatedSince;
      joinDate = q.joinDate;
      state = q.state;
      optinStatus = q.optinStatus;
      zipCode = q.zipCode;
      congressDistrict = q.congressDistrict;
    }

    /**
     * Supporters with this email.
     *
     * @throws IllegalArgumentException if blank, or if it holds an unpaired surrogate
     */
    public Builder email(String email) {
      this.email = filter(email, "email");
      return this;
    }

    /**
     * Supporters with this first name.
     *
     * @throws IllegalArgumentException if blank, or if it holds an unpaired surrogate
     */
    public Builder firstName(String firstName) {
      this.firstName = filter(firstName, "firstName");
      return this;
    }

    /**
     * Supporters with this last name.
     *
     * @throws IllegalArgumentException if blank, or if it holds an unpaired surrogate
     */
    public Builder lastName(String lastName) {
      this.lastName = filter(lastName, "lastName");
      return this;
    }

    /**
     * The supporter with this id from another system.
     *
     * @throws IllegalArgumentException if blank, or if it holds an unpaired surrogate
     */
    public Builder customId(String customId) {
      this.customId = filter(customId, "customId");
      return this;
    }

    /**
     * Supporters in this city.
     *
     * @throws IllegalArgumentException if blank, or if it holds an unpaired surrogate
     */
    public Builder city(String city) {
      this.city = filter(city, "city");
      return this;
    }

    /**
     * A text filter's value: not blank (which the API would be asked to match, and nobody would),
     * and carried whole by UTF-8.
     */
    private static String filter(String value, String name) {
      requireNonNull(value, name + " == null");
      if (value.trim().isEmpty()) {
        throw new IllegalArgumentException(name + " is empty or blank: no supporter would match it. Leave " + name
            + " unset not to filter by it.");
      }
      return GeneratedJson.requireWellFormed(name, value);
    }

    /**
     * Supporters changed at or after this instant (the published docs say "updated since"; that
     * the bound is inclusive and a creation counts as an update is inferred). Sent as RFC 3339 with
     * its offset.
     *
     * @throws IllegalArgumentException if RFC 3339 cannot write it (a year outside 0000 to 9999, an
     *     offset with seconds)
     */
    public Builder updatedSince(OffsetDateTime updatedSince) {
      GeneratedJson.formatDateTime(requireNonNull(updatedSince, "updatedSince == null"));
      this.updatedSince = updatedSince;
      return this;
    }

    /**
     * Supporters who joined on this day ({@code YYYY-MM-DD}). Replaces a range set before.
     *
     * @throws IllegalArgumentException for a year before 0000 or after 9999, which RFC 3339 cannot write
     */
    public Builder joinDate(LocalDate day) {
      this.joinDate = GeneratedJson.formatDate(requireNonNull(day, "day == null"));
      return this;
    }

    /**
     * Supporters who joined between these days, both included (the published docs say a range may be
     * given; its form, {@code first,last}, is inferred). Replaces a day set before.
     *
     * @throws IllegalArgumentException if {@code last} is before {@code first}, or for a year before
     *     0000 or after 9999
     */
    public Builder joinDateBetween(LocalDate first, LocalDate last) {
      requireNonNull(first, "first == null");
      requireNonNull(last, "last == null");
      if (last.isBefore(first)) {
        throw new IllegalArgumentException("joinDateBetween: last (" + last + ") is before first (" + first + ")");
      }
      this.joinDate = GeneratedJson.formatDate(first) + "," + GeneratedJson.formatDate(last);
      return this;
    }

    /**
     * Supporters with an address in this state: two capital letters, such as {@code NY} (the
     * uppercase USPS code is inferred).
     *
     * @throws IllegalArgumentException if not two capital letters A to Z
     */
    public Builder state(String state) {
      requireNonNull(state, "state == null");
      if (!state.matches("[A-Z]{2}")) {
        throw new IllegalArgumentException("state must be two capital letters such as NY, but was '" + state + "'");
      }
      this.state = state;
      return this;
    }

    /**
     * Supporters with this email opt-in status: a published constant such as {@link EmailOptin#YES},
     * or any value read from the API (sent exactly as it was received).
     */
    public Builder optinStatus(EmailOptin optinStatus) {
      this.optinStatus = requireNonNull(optinStatus, "optinStatus == null");
      return this;
    }

    /**
     * Supporters with an address in this ZIP code: five digits, such as {@code 12207}.
     *
     * @throws IllegalArgumentException if not five digits 0 to 9
     */
    public Builder zipCode(String zipCode) {
      requireNonNull(zipCode, "zipCode == null");
      if (!zipCode.matches("[0-9]{5}")) {
        throw new IllegalArgumentException("zipCode must be five digits such as 12207, but was '" + zipCode + "'");
      }
      this.zipCode = zipCode;
      return this;
    }

    /**
     * Supporters in this congressional district: state and district, four characters such as
     * {@code NY21} (letters in the district's place, such as {@code WYAL}, are inferred).
     *
     * @throws IllegalArgumentException if not two capital letters then two capital letters or digits
     */
    public Builder congressDistrict(String congressDistrict) {
      requireNonNull(congressDistrict, "congressDistrict == null");
      if (!congressDistrict.matches("[A-Z]{2}[0-9A-Z]{2}")) {
        throw new IllegalArgumentException(
            "congressDistrict must be four characters such as NY21, but was '" + congressDistrict + "'");
      }
      this.congressDistrict = congressDistrict;
      return this;
    }

    /** The query. */
    public SupporterQuery build() {
      return new SupporterQuery(this);
    }
  }
}
