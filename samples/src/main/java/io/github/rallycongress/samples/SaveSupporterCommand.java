package io.github.rallycongress.samples;

import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterForm;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.Supporter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "save-supporter", mixinStandardHelpOptions = true,
    description = {"Creates a supporter, or with an ID changes one: only the fields given are sent. Prints the"
        + " supporter as the API answers it (--format json prints every property it sent)."})
final class SaveSupporterCommand implements Callable<Integer> {
  /** The library's names of the form's fields, and the options that set them. */
  private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("firstName", "--first-name"),
      Map.entry("lastName", "--last-name"), Map.entry("middleName", "--middle-name"), Map.entry("prefix", "--prefix"),
      Map.entry("suffix", "--suffix"), Map.entry("email", "--email"), Map.entry("customId", "--custom-id"),
      Map.entry("emailOptin", "--optin"), Map.entry("street1", "--street1"), Map.entry("street2", "--street2"),
      Map.entry("street3", "--street3"), Map.entry("city", "--city"), Map.entry("state", "--state"), Map.entry("zipCode", "--zip"),
      Map.entry("zipPlus4", "--zip-plus4"), Map.entry("addressType", "--address-type"), Map.entry("phone", "--phone"));
  private static final Pattern FIELD_NAME = Pattern.compile("\\b(" + String.join("|", OPTIONS.keySet()) + ")\\b");

  @ParentCommand
  Rally rally;

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID",
      description = "The supporter to change: Rally Congress id, email or custom id. Without it, a new supporter"
          + " (which needs --email or --custom-id).")
  @Nullable String id;

  @Option(names = "--first-name") @Nullable String firstName;
  @Option(names = "--last-name") @Nullable String lastName;
  @Option(names = "--middle-name") @Nullable String middleName;
  @Option(names = "--prefix") @Nullable String prefix;
  @Option(names = "--suffix") @Nullable String suffix;
  @Option(names = "--email") @Nullable String email;
  @Option(names = "--custom-id") @Nullable String customId;
  @Option(names = "--optin", description = "not_collected, no, yes, pending, unsubscribed or spam.")
  @Nullable EmailOptin optin;
  @Option(names = "--street1") @Nullable String street1;
  @Option(names = "--street2") @Nullable String street2;
  @Option(names = "--street3") @Nullable String street3;
  @Option(names = "--city") @Nullable String city;
  @Option(names = "--state", description = "Two capital letters, such as NY.") @Nullable String state;
  @Option(names = "--zip", description = "Five digits.") @Nullable String zip;
  @Option(names = "--zip-plus4", description = "The four digits of a ZIP+4.") @Nullable String zipPlus4;
  @Option(names = "--address-type", description = "Home, work, vacation, school or unknown (any case): the"
      + " address that the address and phone options change. Default: Home.")
  @Nullable AddressType addressType;
  @Option(names = "--phone") @Nullable String phone;

  @Override
  public Integer call() {
    if (id != null) {
      Rally.requireId("ID", id);
    }
    SupporterForm form = form();
    Listing<Supporter> listing = rally.listing(Supporter.class, Listing.SUPPORTER_COLUMNS);
    if (id == null && email == null && customId == null) {
      throw new Rally.UsageException("A new supporter needs --email or --custom-id (the API asks for one of them);"
          + " to change a supporter, give its ID first.");
    }
    RallyCongress client = rally.client();
    Supporter saved = id == null
        ? client.createSupporter(form).blockingGet()
        : client.updateSupporter(id, form).blockingGet();
    listing.write(saved);
    return Rally.OK;
  }

  /** The options given, checked by {@link SupporterForm} (state, ZIP, published values); its words made the options'. */
  SupporterForm form() {
    try {
      return checkedForm();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      throw new Rally.UsageException(FIELD_NAME.matcher(message).replaceAll(match -> OPTIONS.get(match.group(1))));
    }
  }

  private SupporterForm checkedForm() {
    SupporterForm.Builder form = SupporterForm.builder();
    if (firstName != null) form.firstName(firstName);
    if (lastName != null) form.lastName(lastName);
    if (middleName != null) form.middleName(middleName);
    if (prefix != null) form.prefix(prefix);
    if (suffix != null) form.suffix(suffix);
    if (email != null) form.email(email);
    if (customId != null) form.customId(customId);
    if (optin != null) form.emailOptin(optin);
    if (street1 != null) form.street1(street1);
    if (street2 != null) form.street2(street2);
    if (street3 != null) form.street3(street3);
    if (city != null) form.city(city);
    if (state != null) form.state(state);
    if (zip != null) form.zipCode(zip);
    if (zipPlus4 != null) form.zipPlus4(zipPlus4);
    if (addressType != null) form.addressType(addressType);
    if (phone != null) form.phone(phone);
    try {
      return form.build();
    } catch (IllegalStateException e) {
      throw new Rally.UsageException("Give at least one field to save, such as --email or --optin.");
    }
  }
}
