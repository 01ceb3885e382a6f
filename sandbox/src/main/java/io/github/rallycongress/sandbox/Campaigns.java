package io.github.rallycongress.sandbox;

import io.github.rallycongress.generated.model.ActionForm;
import io.github.rallycongress.generated.model.ActionType;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignAction;
import io.github.rallycongress.generated.model.DisplaySettings;
import io.github.rallycongress.generated.model.FormField;
import io.github.rallycongress.generated.model.SampleLetter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's fixed campaigns: six of them, together covering every action type, one campaign
 * with all five. They do not depend on the seed, so documentation and tests can name them.
 */
final class Campaigns {
  static final class Entry {
    final String id;
    final String title;
    final String text;
    final String homeState;
    final @Nullable String redirectUrl;
    final List<ActionType> actions;

    Entry(String id, String title, String text, String homeState, @Nullable String redirectUrl,
        ActionType... actions) {
      this.id = id;
      this.title = title;
      this.text = text;
      this.homeState = homeState;
      this.redirectUrl = redirectUrl;
      this.actions = Collections.unmodifiableList(Arrays.asList(actions));
    }
  }

  static final List<Entry> ALL = Collections.unmodifiableList(Arrays.asList(
      new Entry("17465", "Keep the Hudson River Clean",
          "Ask your members of Congress to fully fund the cleanup of the Hudson River.", "NY", null,
          ActionType.LETTER, ActionType.PHONE),
      new Entry("17502", "Save the Adirondack Rail Trail",
          "Sign the petition to keep the rail trail open to the public.", "NY",
          "https://www.example.org/thank-you",
          ActionType.PETITION),
      new Entry("17531", "Fund Public Transit",
          "Tell Congress that buses and trains deserve <strong>steady funding</strong>.", "IL", null,
          ActionType.LETTER, ActionType.TWITTER, ActionType.FACEBOOK),
      new Entry("17588", "Protect Coastal Wetlands",
          "Wetlands shield our coasts from storms. Write, call, sign, tweet and post to protect them.", "FL",
          "https://www.example.org/wetlands/thanks",
          ActionType.LETTER, ActionType.PHONE, ActionType.PETITION, ActionType.TWITTER, ActionType.FACEBOOK),
      new Entry("17604", "Clean Energy Jobs Now",
          "Urge your lawmakers to invest in clean energy jobs.", "CA", null,
          ActionType.TWITTER, ActionType.FACEBOOK),
      new Entry("17650", "Safe Streets for Cyclists",
          "Call for protected bike lanes on every federally funded road.", "WA", null,
          ActionType.PHONE, ActionType.PETITION)));

  static final List<String> TOPICS = Collections.unmodifiableList(Arrays.asList(
      "Environment", "Energy", "Transportation", "Health care", "Education"));

  private Campaigns() {
  }

  static @Nullable Entry find(String id) {
    for (Entry entry : ALL) {
      if (entry.id.equals(id)) {
        return entry;
      }
    }
    return null;
  }

  static Campaign campaign(Entry entry) {
    List<CampaignAction> actions = new ArrayList<>();
    for (ActionType type : entry.actions) {
      actions.add(new CampaignAction()
          .type(type)
          .title(actionTitle(type))
          .uri("/v3/campaigns/" + entry.id + "/" + type.getValue()));
    }
    String slug = entry.title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    return new Campaign()
        .id(entry.id)
        .title(entry.title)
        .text(entry.text)
        .displaySettings(new DisplaySettings()
            .imageUrl("https://www.example.org/images/" + slug + ".jpg")
            .thankYouMessage("Thank you for standing up: " + entry.title + "!")
            .redirectUrl(entry.redirectUrl))
        .actions(actions);
  }

  static String actionTitle(ActionType type) {
    switch (type.getValue()) {
      case "letter": return "Write to your lawmakers";
      case "twitter": return "Tweet at your lawmakers";
      case "phone": return "Call your lawmakers";
      case "petition": return "Sign the petition";
      case "facebook": return "Post to your lawmakers on Facebook";
      default: throw new IllegalArgumentException(type.getValue());
    }
  }

  /** The form of an action, without targets (the caller adds those). */
  static ActionForm form(Entry entry, ActionType type) {
    List<FormField> fields = new ArrayList<>();
    fields.add(field("prefix", "Prefix", "select", false).options(Arrays.asList("Mr.", "Ms.", "Mx.", "Dr.")));
    fields.add(field("firstname", "First name", "text", true).maxLength(50));
    fields.add(field("lastname", "Last name", "text", true).maxLength(50));
    fields.add(field("street", "Street address", "text", false).maxLength(100));
    fields.add(field("city", "City", "text", false).maxLength(50));
    fields.add(field("state", "State", "text", false).maxLength(2));
    fields.add(field("zipcode", "ZIP code", "text", true).maxLength(10));
    fields.add(field("email", "Email", "email", true));
    List<SampleLetter> samples = new ArrayList<>();
    switch (type.getValue()) {
      case "letter":
        fields.add(field("phone", "Phone", "tel", false));
        fields.add(field("subject", "Subject", "text", true).maxLength(150));
        fields.add(field("message", "Your message", "textarea", true).maxLength(5000)
            .title("Edit the sample letter as you like"));
        samples.add(new SampleLetter().subject(entry.title)
            .message("As your constituent, I ask you to act: " + entry.text));
        samples.add(new SampleLetter().subject("Please support: " + entry.title)
            .message("I am writing as a voter in your district. " + entry.text + " Thank you."));
        break;
      case "twitter":
        fields.add(field("message", "Your tweet", "textarea", true).maxLength(280));
        samples.add(new SampleLetter().message(".@lawmaker " + entry.title + "! #RallyCongress"));
        break;
      case "phone":
        fields.add(field("phone", "Phone", "tel", true));
        samples.add(new SampleLetter().subject("Call script")
            .message("Hello, I am a constituent calling about " + entry.title + ". " + entry.text));
        break;
      case "petition":
        // A petition delivers no message: no sample letter, an optional comment.
        fields.add(field("message", "Comment", "textarea", false).maxLength(1000));
        break;
      case "facebook":
        fields.add(field("message", "Your post", "textarea", true).maxLength(2000));
        samples.add(new SampleLetter().message(entry.title + ": " + entry.text));
        break;
      default:
        throw new IllegalArgumentException(type.getValue());
    }
    return new ActionForm()
        .campaignId(entry.id)
        .actionType(type)
        .title(actionTitle(type))
        .fields(fields)
        .sampleLetters(samples);
  }

  static FormField field(String name, String label, String type, boolean required) {
    return new FormField().name(name).label(label).type(type).isRequired(required);
  }

  /** The field a lawmaker's office or a split ZIP code asks for in a 202. */
  static FormField extraField(String name) {
    switch (name) {
      case "street": return field("street", "Street address", "text", true).maxLength(100);
      case "phone": return field("phone", "Phone", "tel", true);
      case "topic": return field("topic", "Topic", "select", true).options(TOPICS);
      default: throw new IllegalArgumentException(name);
    }
  }
}
