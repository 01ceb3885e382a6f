package io.github.rallycongress.sandbox;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Address;
import io.github.rallycongress.generated.model.AddressType;
import io.github.rallycongress.generated.model.EmailOptin;
import io.github.rallycongress.generated.model.EmailStatus;
import io.github.rallycongress.generated.model.Phone;
import io.github.rallycongress.generated.model.Supporter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The supporters: {@code count} of them generated on the fly from (seed, index), so a million
 * cost no memory, plus the ones created or updated through the API, which are the only ones
 * stored. Supporter number {@code i} has the id {@code 1000000 + i}, the email
 * {@code first.last.i@example.org} and the custom id {@code CRM-000000i}, so a lookup by any of
 * them is a computation, not a search.
 *
 * <p>A filtered list remembers the positions of its matches (a few recent filter combinations,
 * dropped when a supporter changes), so a full filtered export scans the supporters once instead
 * of once per page. The unfiltered list needs no memory at all: position {@code p} is supporter
 * {@code p}.
 */
final class Supporters {
  static final long ID_BASE = 1_000_000L;
  /** The fields of the spec's SupporterForm, in its order: the only ones a create or an update takes. */
  static final List<String> FIELDS = Collections.unmodifiableList(Arrays.asList("firstname", "lastname",
      "middlename", "prefix", "suffix", "email", "customid", "emailoptin", "street1", "street2", "street3", "city",
      "state", "zipcode", "zipplus", "addresstype", "phone"));
  private static final int CACHED_FILTERS = 8;

  private static final String[] FIRST = {
    "Maria", "James", "Aisha", "Wei", "Carlos", "Olivia", "Noah", "Fatima", "Liam", "Sofia",
    "Ethan", "Priya", "Mateo", "Hannah", "Kwame", "Chloe", "Diego", "Grace", "Omar", "Emma",
    "Lucas", "Yuki", "Isaac", "Amara", "Daniel", "Leah", "Samuel", "Nadia", "Henry", "Zoe"
  };
  private static final String[] LAST = {
    "Gonzalez", "Okafor", "Smith", "Chen", "Johnson", "Patel", "Garcia", "Kim", "Brown", "Nguyen",
    "Miller", "Haddad", "Davis", "Rossi", "Wilson", "Cohen", "Martinez", "Singh", "Anderson", "Lopez",
    "Thomas", "Murphy", "Jackson", "Silva", "White", "Novak", "Harris", "Mensah", "Clark", "Walker"
  };
  private static final String[] PREFIXES = {"Mr.", "Ms.", "Mx.", "Dr."};
  private static final String[] SUFFIXES = {"Jr.", "Sr.", "III"};
  private static final String[] STREETS = {
    "Eagle Street", "Lark Street", "State Street", "Main Street", "Oak Avenue", "Maple Drive",
    "Washington Avenue", "Park Place", "River Road", "Elm Street", "Cedar Lane", "Lake Shore Drive"
  };
  private static final EmailOptin[] OPTINS = {
    EmailOptin.NOT_COLLECTED, EmailOptin.NO, EmailOptin.YES, EmailOptin.PENDING, EmailOptin.UNSUBSCRIBED, EmailOptin.SPAM
  };
  private static final EmailStatus[] STATUSES = {
    EmailStatus.UNKNOWN, EmailStatus.VALIDATED, EmailStatus.OPENED, EmailStatus.HARD_BOUNCE,
    EmailStatus.SOFT_BOUNCE, EmailStatus.DNS_FAIL
  };
  private static final AddressType[] SECOND_ADDRESS = {
    AddressType.WORK, AddressType.VACATION, AddressType.SCHOOL, AddressType.UNKNOWN
  };
  /** Generated supporters joined 2016-01-01 to 2025-12-31 and were last updated in 2025 at the latest. */
  private static final LocalDate FIRST_JOIN = LocalDate.of(2016, 1, 1);
  private static final int JOIN_DAYS = 3653;
  private static final OffsetDateTime LAST_GENERATED_UPDATE = OffsetDateTime.of(2025, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);

  private static final Pattern GENERATED_EMAIL = Pattern.compile("^[a-z]+\\.[a-z]+\\.([0-9]{1,9})@example\\.org$");
  private static final Pattern GENERATED_CUSTOM_ID = Pattern.compile("^CRM-([0-9]{7,9})$");
  private static final Pattern STATE = Pattern.compile("^[A-Z]{2}$");
  private static final Pattern ZIP5 = Pattern.compile("^[0-9]{5}$");
  private static final Pattern ZIPPLUS = Pattern.compile("^[0-9]{4}$");
  private static final JsonAdapter<Supporter> ADAPTER = GeneratedJson.moshi().adapter(Supporter.class);

  /** The matching positions of one filter combination, valid while {@link #version} is unchanged. */
  private static final class Matches {
    final long version;
    final int[] indices;
    final int count;

    Matches(long version, int[] indices, int count) {
      this.version = version;
      this.indices = indices;
      this.count = count;
    }
  }

  /** One page of a list: the supporters and the size of the whole result. */
  static final class Slice {
    final List<Supporter> supporters;
    final int total;

    Slice(List<Supporter> supporters, int total) {
      this.supporters = supporters;
      this.total = total;
    }
  }

  private final long seed;
  private final int generated;
  private final Clock clock;
  /** Created (index >= generated) and updated supporters, by index: the only ones stored. */
  private final Map<Integer, Supporter> stored = new HashMap<>();
  private final Map<String, Integer> storedEmails = new HashMap<>();
  private final Map<String, Integer> storedCustomIds = new HashMap<>();
  private int size;
  private long version;
  private final Map<Map<String, String>, Matches> matches =
      new LinkedHashMap<Map<String, String>, Matches>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Map<String, String>, Matches> eldest) {
      return size() > CACHED_FILTERS;
    }
  };

  Supporters(long seed, int count, Clock clock) {
    this.seed = seed;
    this.generated = count;
    this.size = count;
    this.clock = clock;
  }

  static String optinValues() {
    StringBuilder values = new StringBuilder();
    for (EmailOptin optin : OPTINS) {
      values.append(values.length() == 0 ? "" : ", ").append(optin.getValue());
    }
    return values.toString();
  }

  static boolean looksLikeEmail(String email) {
    int at = email.indexOf('@');
    return at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1 && email.indexOf(' ') < 0;
  }

  synchronized int size() {
    return size;
  }

  // ------------------------------------------------------------------ reading

  synchronized Slice list(SupporterFilter filter, long offset, int limit) {
    List<Supporter> page = new ArrayList<>();
    if (filter.isEmpty()) {
      for (long p = offset; p < size && p < offset + limit; p++) {
        page.add(get((int) p));
      }
      return new Slice(page, size);
    }
    Matches found = matches(filter);
    for (long p = offset; p < found.count && p < offset + limit; p++) {
      page.add(get(found.indices[(int) p]));
    }
    return new Slice(page, found.count);
  }

  private Matches matches(SupporterFilter filter) {
    Matches found = matches.get(filter.key());
    if (found != null && found.version == version) {
      return found;
    }
    int[] indices = new int[16];
    int count = 0;
    if (filter.email != null || filter.customId != null) {
      // Email and custom id are unique: look the one candidate up instead of scanning.
      Integer only = filter.email != null ? findByEmail(filter.email) : findByCustomId(filter.customId);
      if (only != null && filter.test(get(only))) {
        indices[count++] = only;
      }
    } else {
      for (int index = 0; index < size; index++) {
        if (filter.test(get(index))) {
          if (count == indices.length) {
            indices = Arrays.copyOf(indices, count * 2);
          }
          indices[count++] = index;
        }
      }
    }
    found = new Matches(version, indices, count);
    matches.put(filter.key(), found);
    return found;
  }

  /** The supporter named by its Rally Congress id, its email or its custom id, tried in that order. */
  synchronized @Nullable Supporter find(String idEmailOrCustomId) {
    Integer index = indexOf(idEmailOrCustomId);
    return index == null ? null : get(index);
  }

  /** By id, else email, else custom id: the order one path segment is read in. */
  private @Nullable Integer indexOf(String key) {
    Integer byId = indexById(key);
    if (byId != null) {
      return byId;
    }
    Integer byEmail = findByEmail(key);
    return byEmail != null ? byEmail : findByCustomId(key);
  }

  private @Nullable Integer indexById(String key) {
    if (key.matches("[0-9]{1,10}")) {
      long index = Long.parseLong(key) - ID_BASE;
      if (index >= 0 && index < size) {
        return (int) index;
      }
    }
    return null;
  }

  private @Nullable Integer findByEmail(String email) {
    Integer index = storedEmails.get(email);
    if (index != null) {
      return index;
    }
    Matcher m = GENERATED_EMAIL.matcher(email);
    if (m.matches()) {
      int candidate = Integer.parseInt(m.group(1));
      if (candidate < generated && !stored.containsKey(candidate) && email.equals(generate(candidate).getEmail())) {
        return candidate;
      }
    }
    return null;
  }

  private @Nullable Integer findByCustomId(String customId) {
    Integer index = storedCustomIds.get(customId);
    if (index != null) {
      return index;
    }
    Matcher m = GENERATED_CUSTOM_ID.matcher(customId);
    if (m.matches()) {
      int candidate = Integer.parseInt(m.group(1));
      if (candidate < generated && !stored.containsKey(candidate) && customId.equals(customIdOf(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  private Supporter get(int index) {
    Supporter s = stored.get(index);
    return s != null ? s : generate(index);
  }

  private static String customIdOf(int index) {
    return String.format(Locale.ROOT, "CRM-%07d", index);
  }

  Supporter generate(int index) {
    SplittableRandom r = SeededRandom.of(seed, index);
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    Supporter s = new Supporter()
        .id(Long.toString(ID_BASE + index))
        .firstName(first)
        .lastName(last)
        .email(first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "." + index + "@example.org")
        .emailOptin(OPTINS[r.nextInt(OPTINS.length)])
        .emailStatus(STATUSES[r.nextInt(STATUSES.length)])
        .customId(customIdOf(index));
    if (r.nextInt(5) == 0) {
      s.middleName(FIRST[r.nextInt(FIRST.length)]);
    }
    int prefix = r.nextInt(2 * PREFIXES.length);
    if (prefix < PREFIXES.length) {
      s.prefix(PREFIXES[prefix]);
    }
    if (r.nextInt(20) == 0) {
      s.suffix(SUFFIXES[r.nextInt(SUFFIXES.length)]);
    }
    List<Address> addresses = new ArrayList<>();
    List<Phone> phones = new ArrayList<>();
    Address home = address(r, AddressType.HOME);
    addresses.add(home);
    int phoneKind = r.nextInt(4);
    if (phoneKind > 0) {
      phones.add(new Phone().telephone(phone(r, home)).addressType(AddressType.HOME));
    }
    if (r.nextInt(6) == 0) {
      Address second = address(r, SECOND_ADDRESS[r.nextInt(SECOND_ADDRESS.length)]);
      addresses.add(second);
      if (phoneKind == 3) {
        phones.add(new Phone().telephone(phone(r, second)).addressType(second.getAddressType()));
      }
    } else if (phoneKind == 3) {
      phones.add(new Phone().telephone(phone(r, home))); // a phone tied to no address
    }
    LocalDate joined = FIRST_JOIN.plusDays(r.nextInt(JOIN_DAYS));
    OffsetDateTime updated = joined.atStartOfDay().atOffset(ZoneOffset.UTC)
        .plusDays(r.nextInt(180)).plusSeconds(r.nextInt(86_400));
    return s.addresses(addresses)
        .phones(phones)
        .joinDate(joined)
        .updatedAt(updated.isAfter(LAST_GENERATED_UPDATE) ? LAST_GENERATED_UPDATE : updated);
  }

  private static Address address(SplittableRandom r, AddressType type) {
    Geography.Zip zip = Geography.ZIPS.get(r.nextInt(Geography.ZIPS.size()));
    String street = (1 + r.nextInt(9999)) + " " + STREETS[r.nextInt(STREETS.length)];
    Address address = new Address()
        .addressType(type)
        .street1(street)
        .city(zip.city)
        .state(zip.state)
        .zipcode(zip.zipcode)
        .congressDistrict(Geography.district(zip, street));
    if (r.nextInt(4) == 0) {
      address.street2("Apt " + (1 + r.nextInt(20)) + (char) ('A' + r.nextInt(4)));
    }
    if (r.nextInt(10) < 7) {
      address.zipplus(String.format(Locale.ROOT, "%04d", r.nextInt(10_000)));
    }
    return address;
  }

  private static String phone(SplittableRandom r, Address address) {
    Geography.Zip zip = Geography.zip(address.getZipcode() == null ? "" : address.getZipcode());
    String area = zip == null ? "555" : zip.areaCode;
    return area + "-555-" + String.format(Locale.ROOT, "%04d", r.nextInt(10_000));
  }

  // ------------------------------------------------------------------ writing

  /** Creates a supporter from the form fields of {@code POST /supporters}. */
  synchronized Supporter create(Map<String, String> form) {
    List<String> errors = new ArrayList<>();
    if (form.get("email") == null && form.get("customid") == null) {
      errors.add("Send at least an email or a customid to create a supporter.");
    }
    validate(form, null, errors);
    ApiError.throwIfAny(errors);
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    int index = size;
    Supporter s = new Supporter()
        .id(Long.toString(ID_BASE + index))
        .emailOptin(EmailOptin.NOT_COLLECTED)
        .emailStatus(EmailStatus.UNKNOWN)
        .addresses(new ArrayList<Address>())
        .phones(new ArrayList<Phone>())
        .joinDate(now.toLocalDate());
    apply(s, form);
    s.updatedAt(now);
    size++;
    store(index, s);
    return s;
  }

  /** Updates the supporter named by id, email or custom id; null when there is none. */
  synchronized @Nullable Supporter update(String key, Map<String, String> form) {
    Integer index = indexOf(key);
    if (index == null) {
      return null;
    }
    List<String> errors = new ArrayList<>();
    validate(form, index, errors);
    ApiError.throwIfAny(errors);
    Supporter before = get(index);
    Supporter s = copy(before);
    apply(s, form);
    if (s.equals(before)) {
      return s; // nothing changed: updatedAt stays, or every incremental reader would read it again
    }
    s.updatedAt(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    store(index, s);
    return s;
  }

  private void validate(Map<String, String> form, @Nullable Integer self, List<String> errors) {
    String email = form.get("email");
    if (email != null) {
      if (!looksLikeEmail(email)) {
        errors.add("The email field must be an email address such as maria.gonzalez@example.org, but was '" + email + "'.");
      } else {
        Integer owner = findByEmail(email);
        if (owner != null && !owner.equals(self)) {
          errors.add("A supporter with the email '" + email + "' already exists (id " + (ID_BASE + owner) + ").");
        }
      }
    }
    String customId = form.get("customid");
    if (customId != null) {
      Integer owner = findByCustomId(customId);
      if (owner != null && !owner.equals(self)) {
        errors.add("A supporter with the customid '" + customId + "' already exists (id " + (ID_BASE + owner) + ").");
      }
      // One path segment names a supporter by id, email or custom id: one value that is two
      // supporters' would find the first of them only.
      Integer byIdOrEmail = indexById(customId) != null ? indexById(customId) : findByEmail(customId);
      if (byIdOrEmail != null && !byIdOrEmail.equals(self)) {
        errors.add("The customid '" + customId + "' is the id or email of another supporter (id "
            + (ID_BASE + byIdOrEmail) + "), which GET /supporters/" + customId + " would find instead.");
      }
    }
    if (email != null && looksLikeEmail(email)) {
      Integer byCustomId = findByCustomId(email);
      if (byCustomId != null && !byCustomId.equals(self)) {
        errors.add("The email '" + email + "' is the customid of another supporter (id " + (ID_BASE + byCustomId)
            + "), which GET /supporters/" + email + " would not tell apart from this one.");
      }
    }
    String optin = form.get("emailoptin");
    if (optin != null && !EmailOptin.fromValue(optin).isKnown()) {
      errors.add("The emailoptin field must be one of " + optinValues() + ", but was '" + optin + "'.");
    }
    String type = form.get("addresstype");
    if (type != null && addressType(type) == null) {
      errors.add("The addresstype field must be one of Home, work, vacation, school, unknown, but was '" + type + "'.");
    }
    check(form, "state", STATE, "a two-letter uppercase state code such as NY", errors);
    check(form, "zipcode", ZIP5, "a 5-digit ZIP code such as 12207", errors);
    check(form, "zipplus", ZIPPLUS, "the 4 digits of a ZIP+4 extension such as 1021", errors);
  }

  private static void check(Map<String, String> form, String name, Pattern pattern, String rule, List<String> errors) {
    String value = form.get(name);
    if (value != null && !pattern.matcher(value).matches()) {
      errors.add("The " + name + " field must be " + rule + ", but was '" + value + "'.");
    }
  }

  /** Published values are matched without case, since the spec says the case is not reliable. */
  private static @Nullable AddressType addressType(String value) {
    AddressType type = AddressType.fromValue(value);
    return type.isKnown() ? type.canonical() : null;
  }

  /** Changes only the fields sent; address and phone fields go to the address of {@code addresstype}. */
  private static void apply(Supporter s, Map<String, String> form) {
    String v;
    if ((v = form.get("firstname")) != null) s.firstName(v);
    if ((v = form.get("lastname")) != null) s.lastName(v);
    if ((v = form.get("middlename")) != null) s.middleName(v);
    if ((v = form.get("prefix")) != null) s.prefix(v);
    if ((v = form.get("suffix")) != null) s.suffix(v);
    if ((v = form.get("email")) != null) s.email(v);
    if ((v = form.get("customid")) != null) s.customId(v);
    if ((v = form.get("emailoptin")) != null) s.emailOptin(EmailOptin.fromValue(v));

    String typeText = form.get("addresstype");
    AddressType type = typeText == null ? AddressType.HOME : addressType(typeText);
    if (type == null) {
      throw new AssertionError("validated");
    }
    List<Address> addresses = s.getAddresses() == null ? new ArrayList<Address>() : new ArrayList<>(s.getAddresses());
    boolean addressSent = false;
    for (String field : new String[] {"street1", "street2", "street3", "city", "state", "zipcode", "zipplus"}) {
      addressSent |= form.containsKey(field);
    }
    if (addressSent) {
      Address address = null;
      for (Address candidate : addresses) {
        if (type.equals(candidate.getAddressType())) {
          address = candidate;
        }
      }
      if (address == null) {
        address = new Address().addressType(type);
        addresses.add(address);
      }
      if ((v = form.get("street1")) != null) address.street1(v);
      if ((v = form.get("street2")) != null) address.street2(v);
      if ((v = form.get("street3")) != null) address.street3(v);
      if ((v = form.get("city")) != null) address.city(v);
      if ((v = form.get("state")) != null) address.state(v);
      if ((v = form.get("zipcode")) != null) address.zipcode(v);
      if ((v = form.get("zipplus")) != null) address.zipplus(v);
      Geography.Zip zip = address.getZipcode() == null ? null : Geography.zip(address.getZipcode());
      // Null where the ZIP code spans districts and no street tells which.
      address.congressDistrict(zip == null ? null : Geography.district(zip, address.getStreet1()));
    }
    s.addresses(addresses);

    String telephone = form.get("phone");
    if (telephone != null) {
      List<Phone> phones = s.getPhones() == null ? new ArrayList<Phone>() : new ArrayList<>(s.getPhones());
      Phone phone = null;
      for (Phone candidate : phones) {
        if (type.equals(candidate.getAddressType())) {
          phone = candidate;
        }
      }
      if (phone == null) {
        phones.add(new Phone().telephone(telephone).addressType(type));
      } else {
        phone.telephone(telephone);
      }
      s.phones(phones);
    }
  }

  private void store(int index, Supporter s) {
    Supporter previous = stored.put(index, s);
    if (previous != null) {
      storedEmails.remove(previous.getEmail());
      storedCustomIds.remove(previous.getCustomId());
    }
    if (s.getEmail() != null) {
      storedEmails.put(s.getEmail(), index);
    }
    if (s.getCustomId() != null) {
      storedCustomIds.put(s.getCustomId(), index);
    }
    version++;
  }

  /** A deep copy, so an update never changes an object another request may be encoding. */
  /** Through JSON text: Moshi's value API holds numbers as doubles, and unknown ones would change. */
  private static Supporter copy(Supporter s) {
    Supporter copy;
    try {
      copy = ADAPTER.fromJson(ADAPTER.toJson(s));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("A supporter's own JSON could not be read back", e);
    }
    if (copy == null) {
      throw new AssertionError("a supporter encodes to an object");
    }
    return copy;
  }
}
