package io.github.rallycongress.sandbox;

import io.github.rallycongress.generated.model.ActionSubmission;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.FormField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Action submissions and the spec's 202 flow: a first POST answers 201, or 202 with an
 * {@code id} and the {@code missingFields} when a ZIP code spans two districts (letter and phone
 * actions need the street) or a lawmaker's office insists on a field (letters only); the
 * follow-up POST with that {@code id} answers 200 once nothing is missing.
 */
final class Submissions {
  /** What a submission answers: the status, the body, and the Location of a 201. */
  static final class Outcome {
    final int status;
    final ActionSubmission body;
    final @Nullable String location;

    Outcome(int status, ActionSubmission body, @Nullable String location) {
      this.status = status;
      this.body = body;
      this.location = location;
    }
  }

  private static final class Pending {
    final String campaignId;
    final ActionType type;
    final Map<String, String> fields;

    Pending(String campaignId, ActionType type, Map<String, String> fields) {
      this.campaignId = campaignId;
      this.type = type;
      this.fields = fields;
    }
  }

  static final Pattern ZIPCODE = Pattern.compile("^[0-9]{5}(-?[0-9]{4})?$");
  /** The fields of the spec's ActionSubmissionForm, in its order: the only ones a submission takes. */
  static final List<String> FIELDS = Collections.unmodifiableList(Arrays.asList("id", "prefix", "firstname",
      "lastname", "street", "city", "state", "zipcode", "phone", "email", "subject", "message", "topic", "mode"));
  /** Abandoned 202s are forgotten oldest first, so a long-running sandbox stays small. */
  private static final int MAX_PENDING = 10_000;

  private final long seed;
  private long counter;
  private final Map<String, Pending> pending = new LinkedHashMap<String, Pending>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
      return size() > MAX_PENDING;
    }
  };

  Submissions(long seed) {
    this.seed = seed;
  }

  synchronized Outcome submit(Campaigns.Entry campaign, ActionType type, Map<String, String> form) {
    List<String> errors = new ArrayList<>();
    String id = form.get("id");
    Map<String, String> fields = new LinkedHashMap<>();
    if (id != null) {
      Pending earlier = pending.get(id);
      if (earlier == null || !earlier.campaignId.equals(campaign.id) || earlier.type != type) {
        throw ApiError.badRequest("The id '" + id + "' does not name a pending submission of the "
            + type.getValue() + " action of campaign " + campaign.id
            + "; send the form without an id to start a new submission.");
      }
      fields.putAll(earlier.fields);
    }
    for (Map.Entry<String, String> field : form.entrySet()) {
      if (!field.getKey().equals("id") && !field.getValue().trim().isEmpty()) {
        fields.put(field.getKey(), field.getValue());
      }
    }
    // Of the whole submission, as every other field: a test started with mode=no_delivery stays
    // one when its follow-up (the whole form again, required fields checked on it) leaves mode out.
    String mode = fields.get("mode");
    if (mode != null && !mode.equals("no_delivery")) {
      errors.add("The mode field must be no_delivery or left out, but was '" + mode + "'.");
    }

    for (FormField field : Campaigns.form(campaign, type).getFields()) {
      // Of this request, not of the merged submission: the spec's follow-up POSTs "the same form
      // again" with the id and the missing values, so it carries the required fields too.
      if (field.getIsRequired() && form.get(field.getName()) == null) {
        errors.add("The " + field.getName() + " field is required"
            + (id == null ? "." : ", in the follow-up too: send the whole form again, with the id and the missing fields."));
        continue;
      }
      String value = fields.get(field.getName());
      if (value == null) {
        continue;
      }
      Integer maxLength = field.getMaxLength();
      // Characters, as the spec counts them (and JSON Schema): code points, not UTF-16 units.
      int characters = value.codePointCount(0, value.length());
      if (maxLength != null && characters > maxLength) {
        errors.add("The " + field.getName() + " field must be at most " + maxLength
            + " characters long, but was " + characters + ".");
      }
      List<String> options = field.getOptions();
      if (options != null && !options.contains(value)) {
        errors.add("The " + field.getName() + " field must be one of " + String.join(", ", options)
            + ", but was '" + value + "'.");
      }
    }
    String email = fields.get("email");
    if (email != null && !Supporters.looksLikeEmail(email)) {
      errors.add("The email field must be an email address such as maria.gonzalez@example.org, but was '" + email + "'.");
    }
    String topic = fields.get("topic");
    if (topic != null && !Campaigns.TOPICS.contains(topic)) {
      errors.add("The topic field must be one of " + String.join(", ", Campaigns.TOPICS) + ", but was '" + topic + "'.");
    }
    String zipcode = fields.get("zipcode");
    Geography.Zip zip = null;
    if (zipcode != null) {
      if (!ZIPCODE.matcher(zipcode).matches()) {
        errors.add("The zipcode field must be a 5 or 9 digit ZIP code, but was '" + zipcode + "'.");
      } else {
        zip = Geography.zip(zipcode);
        if (zip == null) {
          errors.add(unknownZip(zipcode));
        }
      }
    }
    ApiError.throwIfAny(errors);
    if (zip == null) {
      throw new AssertionError("zipcode is required and was validated");
    }

    Set<String> missing = new LinkedHashSet<>();
    List<String> messages = new ArrayList<>();
    String street = fields.get("street");
    boolean needsDistrict = (ActionType.LETTER.equals(type) || ActionType.PHONE.equals(type))
        && zip.spansDistricts() && street == null;
    if (needsDistrict) {
      missing.add("street");
      messages.add("This ZIP code spans more than one congressional district ("
          + String.join(", ", zip.districts) + "); a street address is needed to find your representative.");
    }
    // No street in a ZIP code that spans districts: every district's representative.
    String district = Geography.district(zip, street);
    List<Geography.Lawmaker> lawmakers = district == null ? Geography.lawmakers(zip) : Geography.lawmakers(zip, district);
    if (ActionType.LETTER.equals(type)) {
      for (Geography.Lawmaker lawmaker : lawmakers) {
        for (String required : lawmaker.requiredFields) {
          if (fields.get(required) == null && missing.add(required)) {
            messages.add("The office of " + lawmaker.title + " " + lawmaker.name + " requires "
                + (required.equals("phone") ? "a phone number." : "a " + required + "."));
          }
        }
      }
    }

    if (!missing.isEmpty()) {
      String pendingId = id != null ? id : newId();
      pending.put(pendingId, new Pending(campaign.id, type, fields));
      List<FormField> missingFields = new ArrayList<>();
      for (String name : missing) {
        missingFields.add(Campaigns.extraField(name));
      }
      return new Outcome(202, new ActionSubmission().id(pendingId).missingFields(missingFields).messages(messages), null);
    }

    String submissionId = id != null ? id : newId();
    if (id != null) {
      pending.remove(id);
    }
    ActionSubmission body = new ActionSubmission().id(submissionId);
    boolean test = "no_delivery".equals(mode);
    if (ActionType.PETITION.equals(type)) {
      body.messages(singleton(test
          ? "Test submission (mode=no_delivery): the signature was checked and not added."
          : "Your signature has been added to the petition."));
    } else {
      body.targets(Geography.targets(lawmakers));
      body.messages(singleton(test
          ? "Test submission (mode=no_delivery): the " + type.getValue() + " action was checked and nothing was delivered."
          : delivered(type, lawmakers.size())));
    }
    if (id != null) {
      return new Outcome(200, body, null);
    }
    return new Outcome(201, body, "/v3/campaigns/" + campaign.id + "/" + type.getValue() + "/submissions/" + submissionId);
  }

  static String unknownZip(String zipcode) {
    StringBuilder known = new StringBuilder();
    for (Geography.Zip zip : Geography.ZIPS) {
      known.append(known.length() == 0 ? "" : ", ").append(zip.zipcode);
    }
    return "The ZIP code '" + zipcode + "' is not one the sandbox knows; use one of " + known + ".";
  }

  private static String delivered(ActionType type, int offices) {
    switch (type.getValue()) {
      case "letter": return "Your message has been queued for delivery to " + offices + " offices.";
      case "phone": return "Your call report to " + offices + " offices has been recorded.";
      case "twitter": return "Your tweet to " + offices + " lawmakers has been queued.";
      case "facebook": return "Your post to " + offices + " lawmakers has been queued.";
      default: throw new IllegalArgumentException(type.getValue());
    }
  }

  private static List<String> singleton(String message) {
    List<String> list = new ArrayList<>();
    list.add(message);
    return list;
  }

  /** Ten hex digits, like the spec's example {@code a3f9c2e71b}, drawn from the seed. */
  private String newId() {
    String id;
    do {
      id = String.format(Locale.ROOT, "%010x", SeededRandom.mix(seed ^ 0x5EB3155L, ++counter) & 0xFF_FFFF_FFFFL);
    } while (pending.containsKey(id));
    return id;
  }
}
