package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.api.SupportersApi.CreateSupporterRequest;
import io.github.rallycongress.generated.api.SupportersApi.UpdateSupporterRequest;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a supporter to create ({@link RallyCongress#createSupporter}) or to change
 * ({@link RallyCongress#updateSupporter}), checked when set against the formats the spec publishes
 * (two-letter state, 5-digit ZIP code, 4-digit ZIP+4, published enumeration values; the form
 * field names are inferred). A text field refuses an empty or blank value and text UTF-8 cannot
 * carry (an unpaired surrogate) with an {@link IllegalArgumentException}. Only the
 * fields set are sent; an update changes only those (spec, {@code updateSupporter}: inferred).
 *
 * <p>Clearing a field: the spec documents no way to clear one (an update "changes only the fields
 * sent", and no empty or null value is described), so this form has no "clear" and refuses an
 * empty value rather than send something whose effect is unknown. A field left unset is never sent.
 *
 * <p>The address and phone fields describe one address, of type {@link Builder#addressType}
 * ({@code Home} when not set: the spec's inference for an update). Immutable; {@link #toString()} names the fields set,
 * not their values (they are people's data).
 */
public final class SupporterForm {
  private static final Pattern STATE = Pattern.compile("[A-Z]{2}");
  private static final Pattern ZIP5 = Pattern.compile("[0-9]{5}");
  private static final Pattern ZIP_PLUS_4 = Pattern.compile("[0-9]{4}");

  private final @Nullable String firstName;
  private final @Nullable String lastName;
  private final @Nullable String middleName;
  private final @Nullable String prefix;
  private final @Nullable String suffix;
  private final @Nullable String email;
  private final @Nullable String customId;
  private final @Nullable EmailOptin emailOptin;
  private final @Nullable String street1;
  private final @Nullable String street2;
  private final @Nullable String street3;
  private final @Nullable String city;
  private final @Nullable String state;
  private final @Nullable String zipCode;
  private final @Nullable String zipPlus4;
  private final @Nullable AddressType addressType;
  private final @Nullable String phone;

  private SupporterForm(Builder b) {
    firstName = b.firstName;
    lastName = b.lastName;
    middleName = b.middleName;
    prefix = b.prefix;
    suffix = b.suffix;
    email = b.email;
    customId = b.customId;
    emailOptin = b.emailOptin;
    street1 = b.street1;
    street2 = b.street2;
    street3 = b.street3;
    city = b.city;
    state = b.state;
    zipCode = b.zipCode;
    zipPlus4 = b.zipPlus4;
    addressType = b.addressType;
    phone = b.phone;
  }

  /** A builder without any field set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this form's fields, to change some of them. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Whether the form identifies a new supporter, as the spec asks of a create: an email or a custom id. */
  boolean identifiesASupporter() {
    return email != null || customId != null;
  }

  CreateSupporterRequest toCreateRequest() {
    CreateSupporterRequest.Builder r = CreateSupporterRequest.builder();
    if (firstName != null) r.firstname(firstName);
    if (lastName != null) r.lastname(lastName);
    if (middleName != null) r.middlename(middleName);
    if (prefix != null) r.prefix(prefix);
    if (suffix != null) r.suffix(suffix);
    if (email != null) r.email(email);
    if (customId != null) r.customid(customId);
    if (emailOptin != null) r.emailoptin(emailOptin);
    if (street1 != null) r.street1(street1);
    if (street2 != null) r.street2(street2);
    if (street3 != null) r.street3(street3);
    if (city != null) r.city(city);
    if (state != null) r.state(state);
    if (zipCode != null) r.zipcode(zipCode);
    if (zipPlus4 != null) r.zipplus(zipPlus4);
    if (addressType != null) r.addresstype(addressType);
    if (phone != null) r.phone(phone);
    return r.build();
  }

  UpdateSupporterRequest toUpdateRequest() {
    UpdateSupporterRequest.Builder r = UpdateSupporterRequest.builder();
    if (firstName != null) r.firstname(firstName);
    if (lastName != null) r.lastname(lastName);
    if (middleName != null) r.middlename(middleName);
    if (prefix != null) r.prefix(prefix);
    if (suffix != null) r.suffix(suffix);
    if (email != null) r.email(email);
    if (customId != null) r.customid(customId);
    if (emailOptin != null) r.emailoptin(emailOptin);
    if (street1 != null) r.street1(street1);
    if (street2 != null) r.street2(street2);
    if (street3 != null) r.street3(street3);
    if (city != null) r.city(city);
    if (state != null) r.state(state);
    if (zipCode != null) r.zipcode(zipCode);
    if (zipPlus4 != null) r.zipplus(zipPlus4);
    if (addressType != null) r.addresstype(addressType);
    if (phone != null) r.phone(phone);
    return r.build();
  }

  @Override
  public String toString() {
    // The generated request names exactly the form fields that are set.
    return "SupporterForm" + toUpdateRequest().keySet();
  }

  /**
   * Builds a {@link SupporterForm}; each setter checks its value at once ({@link IllegalArgumentException})
   * and replaces an earlier value of the same field. Not thread-safe: fill it on one thread (or guard
   * it); the form it builds is immutable and may be shared.
   */
  public static final class Builder {
    private @Nullable String firstName;
    private @Nullable String lastName;
    private @Nullable String middleName;
    private @Nullable String prefix;
    private @Nullable String suffix;
    private @Nullable String email;
    private @Nullable String customId;
    private @Nullable EmailOptin emailOptin;
    private @Nullable String street1;
    private @Nullable String street2;
    private @Nullable String street3;
    private @Nullable String city;
    private @Nullable String state;
    private @Nullable String zipCode;
    private @Nullable String zipPlus4;
    private @Nullable AddressType addressType;
    private @Nullable String phone;

    Builder() {
    }

    Builder(SupporterForm form) {
      firstName = form.firstName;
      lastName = form.lastName;
      middleName = form.middleName;
      prefix = form.prefix;
      suffix = form.suffix;
      email = form.email;
      customId = form.customId;
      emailOptin = form.emailOptin;
      street1 = form.street1;
      street2 = form.street2;
      street3 = form.street3;
      city = form.city;
      state = form.state;
      zipCode = form.zipCode;
      zipPlus4 = form.zipPlus4;
      addressType = form.addressType;
      phone = form.phone;
    }

    /** Form field {@code firstname}. */
    public Builder firstName(String firstName) {
      this.firstName = text(firstName, "firstName");
      return this;
    }

    /** Form field {@code lastname}. */
    public Builder lastName(String lastName) {
      this.lastName = text(lastName, "lastName");
      return this;
    }

    /** Form field {@code middlename}. */
    public Builder middleName(String middleName) {
      this.middleName = text(middleName, "middleName");
      return this;
    }

    /** Form field {@code prefix}, such as {@code Ms.}. */
    public Builder prefix(String prefix) {
      this.prefix = text(prefix, "prefix");
      return this;
    }

    /** Form field {@code suffix}, such as {@code Jr.}. */
    public Builder suffix(String suffix) {
      this.suffix = text(suffix, "suffix");
      return this;
    }

    /** Form field {@code email}: unique among the account's supporters. */
    public Builder email(String email) {
      this.email = text(email, "email");
      return this;
    }

    /** Form field {@code customid}: an id from your own systems. */
    public Builder customId(String customId) {
      this.customId = text(customId, "customId");
      return this;
    }

    /**
     * Form field {@code emailoptin}: a published value ({@link EmailOptin#knownValues()}).
     *
     * @throws IllegalArgumentException for a value the spec does not publish, such as one read
     *     from a newer API; the generated {@code SupportersApi} sends any value unchanged
     */
    public Builder emailOptin(EmailOptin emailOptin) {
      this.emailOptin = published(requireNonNull(emailOptin, "emailOptin == null"), "emailOptin",
          emailOptin.isKnown(), EmailOptin.knownValues());
      return this;
    }

    /** Form field {@code street1}. */
    public Builder street1(String street1) {
      this.street1 = text(street1, "street1");
      return this;
    }

    /** Form field {@code street2}. */
    public Builder street2(String street2) {
      this.street2 = text(street2, "street2");
      return this;
    }

    /** Form field {@code street3}. */
    public Builder street3(String street3) {
      this.street3 = text(street3, "street3");
      return this;
    }

    /** Form field {@code city}. */
    public Builder city(String city) {
      this.city = text(city, "city");
      return this;
    }

    /**
     * Form field {@code state}: two capital letters, such as {@code NY}.
     *
     * @throws IllegalArgumentException if not two capital letters A to Z
     */
    public Builder state(String state) {
      this.state = matching(state, "state", STATE, "two capital letters such as NY");
      return this;
    }

    /**
     * Form field {@code zipcode}: five digits, such as {@code 12207}.
     *
     * @throws IllegalArgumentException if not five digits 0 to 9
     */
    public Builder zipCode(String zipCode) {
      this.zipCode = matching(zipCode, "zipCode", ZIP5, "five digits such as 12207");
      return this;
    }

    /**
     * Form field {@code zipplus}: the four digits of the ZIP+4 extension, such as {@code 1021}.
     *
     * @throws IllegalArgumentException if not four digits 0 to 9
     */
    public Builder zipPlus4(String zipPlus4) {
      this.zipPlus4 = matching(zipPlus4, "zipPlus4", ZIP_PLUS_4, "four digits such as 1021");
      return this;
    }

    /**
     * Form field {@code addresstype}: which address the address and phone fields change; a
     * published value, in any case (the spec says its case is not reliable).
     *
     * @throws IllegalArgumentException for a value the spec does not publish
     */
    public Builder addressType(AddressType addressType) {
      this.addressType = published(requireNonNull(addressType, "addressType == null"), "addressType",
          addressType.isKnown(), AddressType.knownValues());
      return this;
    }

    /** Form field {@code phone}: a phone number, tied to the address of {@link #addressType}. */
    public Builder phone(String phone) {
      this.phone = text(phone, "phone");
      return this;
    }

    /**
     * The form.
     *
     * @throws IllegalStateException if no field is set: there would be nothing to send
     */
    public SupporterForm build() {
      SupporterForm form = new SupporterForm(this);
      if (form.toUpdateRequest().isEmpty()) {
        throw new IllegalStateException("A SupporterForm needs at least one field; none is set.");
      }
      return form;
    }

    private static String text(String value, String name) {
      requireNonNull(value, name + " == null");
      if (value.trim().isEmpty()) {
        throw new IllegalArgumentException(name + " is empty: the API documents no way to clear a field,"
            + " so an empty value is not sent; leave " + name + " unset to keep the current value.");
      }
      return GeneratedJson.requireWellFormed(name, value);
    }

    private static String matching(String value, String name, Pattern pattern, String rule) {
      requireNonNull(value, name + " == null");
      if (!pattern.matcher(value).matches()) {
        throw new IllegalArgumentException(name + " must be " + rule + ", but was '" + value + "'.");
      }
      return value;
    }

    private static <T> T published(T value, String name, boolean known, List<T> values) {
      if (!known) {
        throw new IllegalArgumentException(name + " '" + value + "' is not a published value ("
            + values.stream().map(Object::toString).collect(Collectors.joining(", "))
            + "); send a value this client does not know through RallyCongress.supportersApi() if the API"
            + " accepts it.");
      }
      return value;
    }
  }
}
