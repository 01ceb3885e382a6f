package io.github.rallycongress.sandbox;

import io.github.rallycongress.generated.model.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's small, fixed map of ZIP codes, congressional districts and lawmakers. Real
 * ZIP codes and district names, fictional lawmakers. Four ZIP codes span two districts, so
 * that a submission from them needs a street address (the 202 flow); two offices require extra
 * fields (Senator Alex Rivera a {@code topic}, Representative Dana Whitfield a {@code phone}),
 * the names of the spec's own examples.
 */
final class Geography {
  static final class Zip {
    final String zipcode;
    final String city;
    final String state;
    final String areaCode;
    final List<String> districts;

    Zip(String zipcode, String city, String state, String areaCode, String... districts) {
      this.zipcode = zipcode;
      this.city = city;
      this.state = state;
      this.areaCode = areaCode;
      List<String> list = new ArrayList<>();
      Collections.addAll(list, districts);
      this.districts = Collections.unmodifiableList(list);
    }

    boolean spansDistricts() {
      return districts.size() > 1;
    }
  }

  /** A lawmaker, and the form fields its office insists on beyond the action form. */
  static final class Lawmaker {
    final String id;
    final String name;
    final String title;
    final String party;
    final String state;
    final @Nullable String district;
    final List<String> requiredFields;

    Lawmaker(String id, String name, String title, String party, String state,
        @Nullable String district, List<String> requiredFields) {
      this.id = id;
      this.name = name;
      this.title = title;
      this.party = party;
      this.state = state;
      this.district = district;
      this.requiredFields = requiredFields;
    }

    Target toTarget() {
      return new Target()
          .id(id)
          .name(name)
          .title(title)
          .party(party)
          .state(state)
          .district(district)
          .chamber(district == null ? "senate" : "house");
    }
  }

  static final List<Zip> ZIPS = Collections.unmodifiableList(java.util.Arrays.asList(
      new Zip("12207", "Albany", "NY", "518", "NY20"),
      new Zip("12210", "Albany", "NY", "518", "NY20"),
      new Zip("10001", "New York", "NY", "212", "NY12", "NY10"),
      new Zip("14604", "Rochester", "NY", "585", "NY25"),
      new Zip("13202", "Syracuse", "NY", "315", "NY22"),
      new Zip("94103", "San Francisco", "CA", "415", "CA11"),
      new Zip("90012", "Los Angeles", "CA", "213", "CA34"),
      new Zip("95814", "Sacramento", "CA", "916", "CA07"),
      new Zip("78701", "Austin", "TX", "512", "TX37", "TX25"),
      new Zip("77002", "Houston", "TX", "713", "TX18"),
      new Zip("33131", "Miami", "FL", "305", "FL27"),
      new Zip("32301", "Tallahassee", "FL", "850", "FL02"),
      new Zip("60601", "Chicago", "IL", "312", "IL07"),
      new Zip("62701", "Springfield", "IL", "217", "IL13"),
      new Zip("19103", "Philadelphia", "PA", "215", "PA03"),
      new Zip("15222", "Pittsburgh", "PA", "412", "PA12"),
      new Zip("43215", "Columbus", "OH", "614", "OH03", "OH15"),
      new Zip("98101", "Seattle", "WA", "206", "WA07"),
      new Zip("82001", "Cheyenne", "WY", "307", "WYAL"),
      new Zip("02108", "Boston", "MA", "617", "MA08", "MA07")));

  private static final Map<String, Zip> BY_ZIP = new LinkedHashMap<>();
  private static final Map<String, List<Lawmaker>> SENATORS = new LinkedHashMap<>();
  private static final Map<String, Lawmaker> REPRESENTATIVES = new LinkedHashMap<>();

  private static final String[] FIRST = {
    "Jordan", "Casey", "Morgan", "Taylor", "Riley", "Avery", "Quinn", "Parker", "Reese", "Skyler",
    "Hayden", "Rowan", "Emerson", "Finley", "Sawyer", "Harper", "Logan", "Cameron", "Drew", "Jamie"
  };
  private static final String[] LAST = {
    "Hale", "Brooks", "Navarro", "Ellison", "Park", "Castillo", "Ward", "Okonjo", "Lindqvist", "Moreau",
    "Bennett", "Sato", "Delgado", "Fischer", "Abernathy", "Kowalski", "Reyes", "Nakamura", "Grant", "Ibarra"
  };
  private static final String[] PARTIES = {"D", "R", "I"};

  static {
    int n = 0;
    for (Zip zip : ZIPS) {
      BY_ZIP.put(zip.zipcode, zip);
      if (!SENATORS.containsKey(zip.state)) {
        List<Lawmaker> pair = new ArrayList<>();
        for (int seat = 0; seat < 2; seat++, n++) {
          boolean rivera = zip.state.equals("NY") && seat == 0;
          pair.add(new Lawmaker(
              rivera ? "S000101" : String.format(Locale.ROOT, "S%06d", 200 + n),
              rivera ? "Alex Rivera" : FIRST[n % FIRST.length] + " " + LAST[(n * 7 + 3) % LAST.length],
              "Senator",
              rivera ? "D" : PARTIES[n % PARTIES.length],
              zip.state,
              null,
              rivera ? Collections.singletonList("topic") : Collections.<String>emptyList()));
        }
        SENATORS.put(zip.state, Collections.unmodifiableList(pair));
      }
      for (String district : zip.districts) {
        if (!REPRESENTATIVES.containsKey(district)) {
          boolean whitfield = district.equals("NY20");
          REPRESENTATIVES.put(district, new Lawmaker(
              whitfield ? "H000220" : String.format(Locale.ROOT, "H%06d", 300 + n),
              whitfield ? "Dana Whitfield" : FIRST[(n * 3 + 1) % FIRST.length] + " " + LAST[(n * 11 + 5) % LAST.length],
              "Representative",
              whitfield ? "R" : PARTIES[(n + 1) % PARTIES.length],
              zip.state,
              district,
              whitfield ? Collections.singletonList("phone") : Collections.<String>emptyList()));
          n++;
        }
      }
    }
  }

  private Geography() {
  }

  /** The ZIP entry of a 5-digit code, or of the first five digits of a ZIP+4; null when unknown. */
  static @Nullable Zip zip(String zipcode) {
    return BY_ZIP.get(zipcode.length() > 5 ? zipcode.substring(0, 5) : zipcode);
  }

  static List<Lawmaker> senators(String state) {
    List<Lawmaker> senators = SENATORS.get(state);
    return senators == null ? Collections.<Lawmaker>emptyList() : senators;
  }

  static Lawmaker representative(String district) {
    Lawmaker representative = REPRESENTATIVES.get(district);
    if (representative == null) {
      throw new IllegalArgumentException("No representative for " + district);
    }
    return representative;
  }

  /**
   * The district of an address: the only one of its ZIP code, or, where the ZIP code spans
   * several, one chosen by the street, so the same street always lands in the same district;
   * null where it spans several and no street is given (the spec: a street is needed then).
   */
  static @Nullable String district(Zip zip, @Nullable String street) {
    if (!zip.spansDistricts()) {
      return zip.districts.get(0);
    }
    if (street == null) {
      return null;
    }
    return zip.districts.get(Math.floorMod(street.trim().toLowerCase(java.util.Locale.ROOT).hashCode(), zip.districts.size()));
  }

  /** Both senators of the ZIP code's state and the representatives of all its districts. */
  static List<Lawmaker> lawmakers(Zip zip) {
    List<Lawmaker> all = new ArrayList<>(senators(zip.state));
    for (String district : zip.districts) {
      all.add(representative(district));
    }
    return all;
  }

  /** Both senators and the representative of one district. */
  static List<Lawmaker> lawmakers(Zip zip, String district) {
    List<Lawmaker> all = new ArrayList<>(senators(zip.state));
    all.add(representative(district));
    return all;
  }

  static List<Target> targets(List<Lawmaker> lawmakers) {
    List<Target> targets = new ArrayList<>();
    for (Lawmaker lawmaker : lawmakers) {
      targets.add(lawmaker.toTarget());
    }
    return targets;
  }
}
