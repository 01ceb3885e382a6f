package io.github.rallycongress.client;

import static java.util.Objects.requireNonNull;

import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.ActionType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One campaign action to submit: who takes it and what they say. Field names are the API's
 * lowercase form names, as the one public client ({@code swt83/php-rallycongress}) sends them
 * ({@code id} and {@code topic} are inferred). {@code firstname}, {@code lastname} and
 * {@code zipcode} are required by {@link Builder#build()} (the spec's inference: the published
 * docs do not list the required fields). Values are sent as given: only their presence and
 * UTF-8 are checked here, their format is the server's to judge (a 400). Immutable.
 */
public final class ActionRequest {
  /** The form fields of {@code ActionSubmissionForm}, in the order the document lists them. */
  static final Set<String> FIELDS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
      "id", "prefix", "firstname", "lastname", "street", "city", "state", "zipcode", "phone", "email",
      "subject", "message", "topic", "mode")));

  private final String campaignId;
  private final ActionType actionType;
  private final Map<String, String> fields;

  private ActionRequest(Builder builder) {
    this.campaignId = builder.campaignId;
    this.actionType = builder.actionType;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(builder.fields));
  }

  /**
   * A builder for an action of {@code actionType} on campaign {@code campaignId}. Any action type
   * goes, a published one or one read from the API, and is sent exactly as it is spelled.
   *
   * @throws IllegalArgumentException if {@code campaignId} or the action type's value is empty or
   *     blank, {@code .} or {@code ..}: in the URL path it would name another resource
   */
  public static Builder builder(String campaignId, ActionType actionType) {
    return new Builder(campaignId, actionType);
  }

  /** A builder with this request's campaign, action type and fields, to change some of them. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The campaign's id, such as {@code 17465}. */
  public String campaignId() {
    return campaignId;
  }

  /** The kind of action: a letter, a phone call, a petition signature... */
  public ActionType actionType() {
    return actionType;
  }

  /** The form fields to send, by their API names. */
  public Map<String, String> fields() {
    return fields;
  }

  @Nullable String field(String name) {
    return fields.get(name);
  }

  /** Names the campaign, the action and the fields set, never their values (people's data). */
  @Override
  public String toString() {
    return "ActionRequest{campaignId=" + campaignId + ", actionType=" + actionType + ", fields=" + fields.keySet() + "}";
  }

  /**
   * Builds an {@link ActionRequest}; each setter sets one form field and refuses {@code null}. Not
   * thread-safe: fill it on one thread (or guard it); the request it builds is immutable and may be
   * shared.
   */
  public static final class Builder {
    private final String campaignId;
    private final ActionType actionType;
    private final Map<String, String> fields = new LinkedHashMap<>();

    Builder(String campaignId, ActionType actionType) {
      this.campaignId = GeneratedJson.requirePathSegment("campaignId", requireNonNull(campaignId, "campaignId == null"));
      this.actionType = requireNonNull(actionType, "actionType == null");
      GeneratedJson.requirePathSegment("actionType", actionType.getValue());
    }

    Builder(ActionRequest request) {
      this.campaignId = request.campaignId;
      this.actionType = request.actionType;
      this.fields.putAll(request.fields);
    }

    /**
     * Any form field by its API name, such as {@code topic}; replaces an earlier value of it.
     *
     * @throws IllegalArgumentException if {@code name} is not a form field of the spec's
     *     {@code ActionSubmissionForm}, or {@code value} holds text UTF-8 cannot carry (an unpaired
     *     surrogate)
     */
    public Builder field(String name, String value) {
      requireNonNull(name, "name == null");
      requireNonNull(value, "value == null");
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is not a form field of a campaign action; the fields are " + FIELDS);
      }
      fields.put(name, GeneratedJson.requireWellFormed(name, value));
      return this;
    }

    /** The {@code prefix} form field, such as {@code Ms.}. */
    public Builder prefix(String prefix) {
      return field("prefix", prefix);
    }

    /** The {@code firstname} form field (required). */
    public Builder firstName(String firstName) {
      return field("firstname", firstName);
    }

    /** The {@code lastname} form field (required). */
    public Builder lastName(String lastName) {
      return field("lastname", lastName);
    }

    /**
     * The {@code street} form field: a ZIP code that spans two districts needs it (inferred, not in
     * the published docs).
     */
    public Builder street(String street) {
      return field("street", street);
    }

    /** The {@code city} form field. */
    public Builder city(String city) {
      return field("city", city);
    }

    /** The {@code state} form field, a two-letter US state code such as {@code NY}. */
    public Builder state(String state) {
      return field("state", state);
    }

    /**
     * The {@code zipcode} form field (required): 5 digits, or ZIP+4 (the form is inferred; not
     * checked here).
     */
    public Builder zipCode(String zipCode) {
      return field("zipcode", zipCode);
    }

    /** The {@code phone} form field. */
    public Builder phone(String phone) {
      return field("phone", phone);
    }

    /** The {@code email} form field. */
    public Builder email(String email) {
      return field("email", email);
    }

    /** The {@code subject} form field of a letter. */
    public Builder subject(String subject) {
      return field("subject", subject);
    }

    /** The {@code message} form field: the text of a letter or a comment. */
    public Builder message(String message) {
      return field("message", message);
    }

    /**
     * The {@code topic} form field, which some lawmakers' letter forms require (inferred, not in the
     * published docs).
     */
    public Builder topic(String topic) {
      return field("topic", topic);
    }

    /**
     * {@code mode=no_delivery}: processed as usual, delivered to nobody (the public client's testing
     * mode; not in the published docs). For tests and demos.
     */
    public Builder noDelivery() {
      return field("mode", "no_delivery");
    }

    /**
     * The request.
     *
     * @throws IllegalStateException if {@code firstname}, {@code lastname} or {@code zipcode} is not set
     */
    public ActionRequest build() {
      Set<String> missing = new LinkedHashSet<>();
      for (String required : Arrays.asList("firstname", "lastname", "zipcode")) {
        if (!fields.containsKey(required)) {
          missing.add(required);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("An action needs " + String.join(", ", missing)
            + ": set them before build().");
      }
      return new ActionRequest(this);
    }
  }
}
