package io.github.rallycongress.speccompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rallycongress.speccompat.SpecCompatibilityGate.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each test edits a copy of the released baseline the way a contributor might, and checks the
 * gate's verdict. The edits are exact text replacements that must match once, so a test cannot
 * silently stop testing anything when the spec is reworded.
 */
final class SpecCompatibilityGateTest {

  private static final String CUSTOM_ID_PROPERTY =
      "        customId:\n"
          + "          type: string\n"
          + "          description: An id from your own systems; the supporter can be fetched by it.\n"
          + "        addresses:\n";

  private final String baseline = read(System.getProperty("rally.spec.baseline"));

  /**
   * The working spec passes the gate: no breaking change, or one with a new major version (how a
   * breaking change is shipped on purpose; asserting no breaking change here would stop that
   * build at this test, before the compiler shows what the change broke).
   */
  @Test
  void workingSpecPassesTheGateAgainstBaseline() {
    Verdict verdict = SpecCompatibilityGate.compare(baseline, read(System.getProperty("rally.spec")));

    assertThat(verdict.passes()).as(verdict.summary()).isTrue();
  }

  @Test
  void identicalDocumentsHaveNoChanges() {
    Verdict verdict = SpecCompatibilityGate.compare(baseline, baseline);

    assertThat(verdict.changed()).isFalse();
    assertThat(verdict.breaking()).isFalse();
    assertThat(verdict.summary())
        .isEqualTo("Spec compatibility gate: baseline info.version 3.0.0, working info.version 3.0.0: no API changes.");
  }

  @Test
  void removedResponseFieldIsBreaking() {
    String edited = replaceOnce(baseline, CUSTOM_ID_PROPERTY, "        addresses:\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isFalse();
    assertThat(verdict.report())
        .contains("#### Deleted response properties (breaking for generated clients)\n---\n\n"
            + "* GET /supporters/{supporterId} 200 application/json: customId\n")
        .contains("* GET /supporters 200 application/json: supporters.[].customId\n");
  }

  @Test
  void renamedQueryParameterIsBreaking() {
    String edited = replaceOnce(baseline, "        - name: zipCode\n", "        - name: zip\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isFalse();
    assertThat(verdict.report())
        .contains("##### `GET` /supporters")
        .contains("Added: `zip` in `query`")
        .contains("Deleted: `zipCode` in `query`")
        .endsWith("API changes broke backward compatibility\n\n");
  }

  @Test
  void narrowedEnumIsBreaking() {
    String edited = replaceOnce(baseline,
        "enum: [not_collected, 'no', 'yes', pending, unsubscribed, spam]",
        "enum: [not_collected, 'no', 'yes', pending, unsubscribed]");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isFalse();
    // Breaking because requests may no longer send it (the form field and the optinStatus filter).
    assertThat(verdict.report())
        .contains("* Changed property `emailoptin` (string)")
        .contains("Removed enum value:\n\n    * `spam`")
        .contains("Changed: `optinStatus` in `query`")
        // Listed once, by openapi-diff: the gate's own list of removed enum values leaves request enums out.
        .doesNotContain("#### Removed enum values")
        .endsWith("API changes broke backward compatibility\n\n");
  }

  @Test
  void addedOptionalResponseFieldIsCompatible() {
    String edited = replaceOnce(baseline, CUSTOM_ID_PROPERTY, CUSTOM_ID_PROPERTY.replace(
        "        addresses:\n",
        "        nickname:\n"
            + "          type: string\n"
            + "          description: What the supporter likes to be called.\n"
            + "        addresses:\n"));

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.changed()).isTrue();
    assertThat(verdict.breaking()).isFalse();
    assertThat(verdict.passes()).isTrue();
    assertThat(verdict.report())
        .contains("* Added property `nickname` (string)")
        .endsWith("API changes are backward compatible\n\n");
    assertThat(verdict.summary()).isEqualTo(
        "Spec compatibility gate: baseline info.version 3.0.0, working info.version 3.0.0: backward-compatible changes only.");
  }

  @Test
  void renamedPathParameterIsBreaking() {
    String edited = replaceOnce(baseline, "  /supporters/{supporterId}:\n", "  /supporters/{id}:\n");
    edited = replaceOnce(edited, "    SupporterId:\n      name: supporterId\n", "    SupporterId:\n      name: id\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    // openapi-diff matches /supporters/{supporterId} with /supporters/{id} and sees no difference, but
    // generated clients name the argument (TypeScript's request field, Python's and Kotlin's named argument).
    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isFalse();
    assertThat(verdict.report())
        .contains("#### Renamed path parameters (breaking for generated clients)\n---\n\n"
            + "* GET /supporters/{supporterId}: path parameters [supporterId] are now [id]\n"
            + "* POST /supporters/{supporterId}: path parameters [supporterId] are now [id]\n");
    assertThat(verdict.summary()).endsWith(": BREAKING changes without a new major version.");
  }

  @Test
  void responsePropertyThatBecomesNullableIsBreaking() {
    String edited = replaceOnce(baseline, "          description: The URI of the current page.\n",
        "          nullable: true\n          description: The URI of the current page.\n");
    edited = replaceOnce(edited, "          description: The lawmaker's full name.\n",
        "          nullable: true\n          description: The lawmaker's full name.\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isFalse();
    assertThat(verdict.report())
        .contains("#### Response properties that became nullable (breaking for generated clients)\n---\n\n")
        .contains("* #/components/schemas/Page/properties/uri\n")
        .contains("* #/components/schemas/Target/properties/name\n");
  }

  @Test
  void selfReferencingSchemaIsComparedOnce() {
    String recursive = replaceOnce(baseline, "          description: The lawmaker's full name.\n",
        "          description: The lawmaker's full name.\n"
            + "        successor:\n"
            + "          $ref: '#/components/schemas/Target'\n");
    String edited = replaceOnce(recursive, "          description: The lawmaker's full name.\n",
        "          nullable: true\n          description: The lawmaker's full name.\n");

    Verdict verdict = SpecCompatibilityGate.compare(recursive, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report()).contains("* #/components/schemas/Target/properties/name\n");
  }

  @Test
  void requestPropertyThatBecomesNullableIsCompatible() {
    String edited = replaceOnce(baseline, "          description: The ZIP code, 5 digits or ZIP+4.\n",
        "          nullable: true\n          description: The ZIP code, 5 digits or ZIP+4.\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isFalse();
  }

  @Test
  void renamedSchemaIsBreaking() {
    String edited = replaceOnce(baseline, "    SupporterPage:\n", "    SupporterList:\n");
    edited = replaceOnce(edited,
        "$ref: '#/components/schemas/SupporterPage'", "$ref: '#/components/schemas/SupporterList'");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("#### Removed or renamed schemas (breaking for generated clients)\n---\n\n"
            + "* #/components/schemas/SupporterPage\n");
  }

  @Test
  void renamedOperationIdIsBreaking() {
    String edited = replaceOnce(baseline, "operationId: listSupporters\n", "operationId: searchSupporters\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("#### Changed operationIds (breaking for generated clients)\n---\n\n"
            + "* GET /supporters: listSupporters is now searchSupporters\n");
  }

  @Test
  void tagRemovedFromAnOperationIsBreaking() {
    String edited = replaceOnce(baseline, "      operationId: listSupporters\n      tags: [Supporters]\n",
        "      operationId: listSupporters\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("#### Tags removed from operations (breaking for generated clients)\n---\n\n"
            + "* GET /supporters: Supporters\n");
  }

  @Test
  void addedTagIsCompatible() {
    String edited = replaceOnce(baseline, "      operationId: listSupporters\n      tags: [Supporters]\n",
        "      operationId: listSupporters\n      tags: [Supporters, Search]\n");
    edited = replaceOnce(edited, "\npaths:\n",
        "  - name: Search\n    description: Every search of the API.\n\npaths:\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isFalse();
    assertThat(verdict.passes()).isTrue();
  }

  @Test
  void removedServerIsBreaking() {
    String edited = replaceOnce(baseline,
        "  - url: https://api.rallycongress.com/v3\n"
            + "    description: The same API on the host named by an older copy of the published docs.\n",
        "");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("#### Removed servers and changed default server (breaking for generated clients)\n---\n\n"
            + "* https://api.rallycongress.com/v3 removed\n");
  }

  @Test
  void changedFirstServerIsBreaking() {
    String edited = replaceOnce(baseline, "  - url: https://api.rallycongress.net/v3\n",
        "  - url: https://api.rallycongress.net/v3.02\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    // The first server is the generated clients' default base URL.
    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("* default server https://api.rallycongress.net/v3 is now https://api.rallycongress.net/v3.02\n");
  }

  @Test
  void serverAddedAtTheEndIsCompatible() {
    String edited = replaceOnce(baseline,
        "    description: The same API on the host named by an older copy of the published docs.\n",
        "    description: The same API on the host named by an older copy of the published docs.\n"
            + "  - url: https://sandbox.rallycongress.net/v3\n"
            + "    description: A sandbox.\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isFalse();
    assertThat(verdict.passes()).isTrue();
  }

  @Test
  void valueRemovedFromResponseOnlyEnumIsBreaking() {
    String edited = replaceOnce(baseline,
        "enum: [unknown, validated, opened, hard_bounce, soft_bounce, dns_fail]",
        "enum: [unknown, validated, opened, hard_bounce, soft_bounce]");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    // Servers may stop sending it, but the generated constant disappears and its callers stop compiling.
    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isFalse();
    assertThat(verdict.report())
        .contains("#### Removed enum values (breaking for generated clients)\n---\n\n"
            + "* #/components/schemas/EmailStatus: dns_fail\n");
  }

  @Test
  void valueAddedToRequestOnlyEnumIsCompatible() {
    String edited = replaceOnce(baseline, "enum: [no_delivery]\n", "enum: [no_delivery, deliver_later]\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.changed()).isTrue();
    assertThat(verdict.breaking()).isFalse();
    assertThat(verdict.passes()).isTrue();
  }

  @Test
  void removedRequestPatternIsCompatible() {
    String edited = replaceOnce(baseline, "            type: string\n            pattern: '^[0-9]{5}$'\n",
        "            type: string\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    // The server accepts more than before: every request a baseline client sends is still valid.
    assertThat(verdict.changed()).isTrue();
    assertThat(verdict.breaking()).isFalse();
    assertThat(verdict.passes()).isTrue();
  }

  @Test
  void changedRequestPatternIsBreaking() {
    // A widening, but whether one pattern accepts all that another does is not decided here.
    String edited = replaceOnce(baseline, "pattern: '^[0-9]{5}$'", "pattern: '^[0-9]{5}(-[0-9]{4})?$'");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("#### Changed patterns (breaking: added or changed in a request, changed or removed in a response)"
            + "\n---\n\n"
            + "* GET /supporters query parameter zipCode: ^[0-9]{5}$ is now ^[0-9]{5}(-[0-9]{4})?$ (request)\n");
  }

  @Test
  void addedRequestPatternIsBreaking() {
    String city = "          description: Supporters with an address in this city.\n"
        + "          schema:\n"
        + "            type: string\n";
    String edited = replaceOnce(baseline, city, city + "            pattern: '^[^,]+$'\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report()).contains("* GET /supporters query parameter city: ^[^,]+$ added (request)\n");
  }

  @Test
  void addedResponsePatternIsCompatibleAndRemovingItIsBreaking() {
    String targetState = "          description: The party, as a short code (e.g. `D`, `R`, `I`).\n"
        + "        state:\n"
        + "          type: string\n";
    String withPattern = replaceOnce(baseline, targetState, targetState + "          pattern: '^[A-Z]{2}$'\n");

    Verdict added = SpecCompatibilityGate.compare(baseline, withPattern);
    Verdict removed = SpecCompatibilityGate.compare(withPattern, baseline);

    // A response that promises more is safe; one that promises less fails clients that validate it.
    assertThat(added.changed()).isTrue();
    assertThat(added.breaking()).isFalse();
    assertThat(removed.breaking()).isTrue();
    assertThat(removed.report())
        .contains("* #/components/schemas/Target/properties/state: ^[A-Z]{2}$ removed (response)\n");
  }

  private static final String INLINE_MODE =
      "        mode:\n"
          + "          type: string\n";
  private static final String CAMPAIGN_PAGE_MEMBERS =
      "      allOf:\n"
          + "        - $ref: '#/components/schemas/Page'\n"
          + "        - type: object\n"
          + "          required: [campaigns]\n"
          + "          properties:\n"
          + "            campaigns:\n"
          + "              type: array\n"
          + "              description: The campaigns of this page; empty when there are none.\n"
          + "              items:\n"
          + "                $ref: '#/components/schemas/Campaign'\n";

  /** baseline with ActionSubmissionForm.mode a $ref to a new ActionMode schema instead of its inline enum. */
  private String modeAsReference() {
    int start = baseline.indexOf(INLINE_MODE);
    assertThat(start).as("the inline mode enum").isNotNegative();
    int end = baseline.indexOf("enum: [no_delivery]\n", start) + "enum: [no_delivery]\n".length();
    String edited = baseline.substring(0, start)
        + "        mode:\n          $ref: '#/components/schemas/ActionMode'\n" + baseline.substring(end);
    return replaceOnce(edited, "    ActionSubmissionForm:\n",
        "    ActionMode:\n      type: string\n      enum: [no_delivery]\n\n    ActionSubmissionForm:\n");
  }

  @Test
  void inlineEnumTurnedIntoReferenceChangesAGeneratedTypeName() {
    Verdict verdict = SpecCompatibilityGate.compare(baseline, modeAsReference());

    // Same values, same wire format, but TypeScript's ActionSubmissionFormModeEnum, Kotlin's
    // ActionSubmissionForm.Mode (and form parameter type) become ActionMode: code importing them breaks.
    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isFalse();
    assertThat(verdict.report())
        .contains("#### Changed generated type names (breaking for generated clients)\n---\n\n"
            + "* #/components/schemas/ActionSubmissionForm/properties/mode: an inline enum (named after where it is)"
            + " is now $ref ActionMode\n");
  }

  @Test
  void referenceTurnedIntoInlineEnumChangesAGeneratedTypeName() {
    String withReference = modeAsReference();
    String edited = replaceOnce(withReference, "    ActionMode:\n      type: string\n      enum: [no_delivery]\n\n", "");
    edited = replaceOnce(edited, "        mode:\n          $ref: '#/components/schemas/ActionMode'\n",
        "        mode:\n          type: string\n          enum: [no_delivery]\n");

    Verdict verdict = SpecCompatibilityGate.compare(withReference, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("* #/components/schemas/ActionSubmissionForm/properties/mode: $ref ActionMode"
            + " is now an inline enum (named after where it is)\n");
  }

  @Test
  void referenceToARenamedSchemaChangesAGeneratedTypeNameWhereItIsUsed() {
    String edited = replaceOnce(baseline, "    SupporterPage:\n", "    SupporterList:\n");
    edited = replaceOnce(edited,
        "$ref: '#/components/schemas/SupporterPage'", "$ref: '#/components/schemas/SupporterList'");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.report())
        .contains("#### Changed generated type names (breaking for generated clients)\n---\n\n"
            + "* GET /supporters 200 application/json: $ref SupporterPage is now $ref SupporterList\n");
  }

  @Test
  void reorderedAllOfMembersAreNoChange() {
    String reordered = "      allOf:\n" + CAMPAIGN_PAGE_MEMBERS.substring(CAMPAIGN_PAGE_MEMBERS.indexOf("        - type: object"))
        + "        - $ref: '#/components/schemas/Page'\n";
    String edited = replaceOnce(baseline, CAMPAIGN_PAGE_MEMBERS, reordered);

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    // Members are matched by what they are, not by position: the generated model is the same.
    assertThat(verdict.breaking()).as(verdict.report()).isFalse();
  }

  @Test
  void changeInAReorderedAllOfMemberIsSeen() {
    String reordered = "      allOf:\n" + CAMPAIGN_PAGE_MEMBERS.substring(CAMPAIGN_PAGE_MEMBERS.indexOf("        - type: object"))
            .replace("              type: array\n", "              type: array\n              nullable: true\n")
        + "        - $ref: '#/components/schemas/Page'\n";
    String edited = replaceOnce(baseline, CAMPAIGN_PAGE_MEMBERS, reordered);

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("#### Response properties that became nullable (breaking for generated clients)\n---\n\n"
            + "* #/components/schemas/CampaignPage/allOf/1/properties/campaigns\n");
  }

  @Test
  void allOfMemberRemovedFromAResponseIsBreaking() {
    String edited = replaceOnce(baseline, CAMPAIGN_PAGE_MEMBERS,
        CAMPAIGN_PAGE_MEMBERS.replace("        - $ref: '#/components/schemas/Page'\n", ""));

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report()).contains("#### Changed allOf, oneOf and anyOf members (breaking: any member removed"
        + " from a oneOf or anyOf; added to a oneOf or anyOf a response uses; removed from an allOf a response uses,"
        + " when it carries properties)\n---\n\n"
        + "* #/components/schemas/CampaignPage: allOf member Page removed\n");
  }

  /** A small document: {@code GET /pets} answers a Pet, {@code POST /pets} takes a PetInput. */
  private static String pets(String pet, String petInput) {
    return "openapi: 3.0.3\n"
        + "info:\n  title: Pets\n  version: 1.0.0\n"
        + "paths:\n"
        + "  /pets:\n"
        + "    get:\n"
        + "      operationId: getPet\n"
        + "      responses:\n"
        + "        '200':\n"
        + "          description: A pet.\n"
        + "          content:\n"
        + "            application/json:\n"
        + "              schema:\n"
        + "                $ref: '#/components/schemas/Pet'\n"
        + "    post:\n"
        + "      operationId: addPet\n"
        + "      requestBody:\n"
        + "        content:\n"
        + "          application/json:\n"
        + "            schema:\n"
        + "              $ref: '#/components/schemas/PetInput'\n"
        + "      responses:\n"
        + "        '204':\n"
        + "          description: Added.\n"
        + "components:\n"
        + "  schemas:\n"
        + "    Cat:\n      type: object\n      properties:\n        meow:\n          type: string\n"
        + "    Dog:\n      type: object\n      properties:\n        bark:\n          type: string\n"
        + "    Pet:\n" + pet
        + "    PetInput:\n" + petInput;
  }

  private static final String CAT_OR_DOG = "      oneOf:\n"
      + "        - $ref: '#/components/schemas/Cat'\n"
      + "        - $ref: '#/components/schemas/Dog'\n";
  private static final String CAT_DOG_OR_FISH = CAT_OR_DOG
      + "        - type: object\n          properties:\n            fins:\n              type: integer\n";

  @Test
  void oneOfAlternativeAddedToAResponseIsBreaking() {
    Verdict verdict = SpecCompatibilityGate.compare(pets(CAT_OR_DOG, CAT_OR_DOG), pets(CAT_DOG_OR_FISH, CAT_OR_DOG));

    // A client's union knows Cat and Dog only: Python's wrapper refuses a fish, Java's has no accessor for it.
    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("* #/components/schemas/Pet: oneOf member inline object with properties [fins] added (response)\n");
  }

  @Test
  void oneOfAlternativeAddedToARequestIsCompatible() {
    Verdict verdict = SpecCompatibilityGate.compare(pets(CAT_OR_DOG, CAT_OR_DOG), pets(CAT_OR_DOG, CAT_DOG_OR_FISH));

    assertThat(verdict.report()).doesNotContain("#### Changed allOf, oneOf and anyOf members");
    assertThat(verdict.breaking()).as(verdict.report()).isFalse();
  }

  @Test
  void oneOfAlternativeRemovedFromARequestIsBreaking() {
    Verdict verdict = SpecCompatibilityGate.compare(pets(CAT_OR_DOG, CAT_DOG_OR_FISH), pets(CAT_OR_DOG, CAT_OR_DOG));

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("* #/components/schemas/PetInput: oneOf member inline object with properties [fins] removed\n");
  }

  @Test
  void anyOfAlternativeRemovedIsBreakingAndReorderingIsNot() {
    String catOrDog = CAT_OR_DOG.replace("oneOf", "anyOf");
    String dogOrCat = "      anyOf:\n"
        + "        - $ref: '#/components/schemas/Dog'\n"
        + "        - $ref: '#/components/schemas/Cat'\n";
    String dogOnly = "      anyOf:\n        - $ref: '#/components/schemas/Dog'\n";

    Verdict reordered = SpecCompatibilityGate.compare(pets(catOrDog, catOrDog), pets(dogOrCat, dogOrCat));
    Verdict removed = SpecCompatibilityGate.compare(pets(catOrDog, catOrDog), pets(dogOnly, catOrDog));

    assertThat(reordered.breaking()).as(reordered.report()).isFalse();
    assertThat(removed.breaking()).isTrue();
    assertThat(removed.report()).contains("* #/components/schemas/Pet: anyOf member Cat removed\n");
  }

  @Test
  void inlineOneOfMembersAreMatchedByShapeNotPosition() {
    String fishOrBird = "      oneOf:\n"
        + "        - type: object\n          properties:\n            fins:\n              type: integer\n"
        + "        - type: object\n          properties:\n            wings:\n              type: integer\n";
    String birdOrFish = "      oneOf:\n"
        + "        - type: object\n          properties:\n            wings:\n              type: integer\n"
        + "        - type: object\n          properties:\n            fins:\n              type: integer\n"
        + "              nullable: true\n";

    Verdict verdict = SpecCompatibilityGate.compare(pets(fishOrBird, fishOrBird), pets(birdOrFish, fishOrBird));

    // The fish moved and its fins became nullable: compared with the old fish, not with the bird.
    assertThat(verdict.report())
        .contains("* #/components/schemas/Pet/oneOf/0/properties/fins\n")
        .doesNotContain("#### Changed allOf, oneOf and anyOf members");
  }

  @Test
  void allOfMemberTurnedIntoReferenceIsNoChange() {
    String edited = replaceOnce(baseline, CAMPAIGN_PAGE_MEMBERS,
        "      allOf:\n        - $ref: '#/components/schemas/Page'\n        - $ref: '#/components/schemas/Campaigns'\n");
    edited = replaceOnce(edited, "    SupporterPage:\n",
        "    Campaigns:\n"
            + "      type: object\n"
            + "      required: [campaigns]\n"
            + "      properties:\n"
            + "        campaigns:\n"
            + "          type: array\n"
            + "          items:\n"
            + "            $ref: '#/components/schemas/Campaign'\n\n"
            + "    SupporterPage:\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    // Generators merge allOf members into one model: CampaignPage keeps its name and its properties.
    assertThat(verdict.breaking()).as(verdict.report()).isFalse();
  }

  @Test
  void inlineOneOfMemberTurnedIntoReferenceChangesAGeneratedTypeName() {
    String fish = "    Fish:\n      type: object\n      properties:\n        fins:\n          type: integer\n";
    String catDogOrFishReference = CAT_OR_DOG + "        - $ref: '#/components/schemas/Fish'\n";

    Verdict verdict = SpecCompatibilityGate.compare(pets(CAT_DOG_OR_FISH, CAT_OR_DOG),
        pets(catDogOrFishReference, CAT_OR_DOG) + fish);

    // An inline alternative is generated as a model named after its parent (PetOneOf): now it is Fish.
    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.report())
        .contains("* #/components/schemas/Pet/oneOf/2: an inline object (named after where it is) is now $ref Fish\n")
        .doesNotContain("#### Changed allOf, oneOf and anyOf members");
  }

  @Test
  void breakingChangeWithNewMajorVersionPasses() {
    String edited = replaceOnce(baseline, "        - name: zipCode\n", "        - name: zip\n");
    edited = replaceOnce(edited, "  version: 3.0.0\n", "  version: 4.0.0\n");

    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThat(verdict.breaking()).isTrue();
    assertThat(verdict.passes()).isTrue();
    assertThat(verdict.summary()).isEqualTo(
        "Spec compatibility gate: baseline info.version 3.0.0, working info.version 4.0.0:"
            + " breaking changes, allowed by the new major version.");
  }

  @Test
  void breakingChangeWithMinorVersionBumpStillFails() {
    String edited = replaceOnce(baseline, "        - name: zipCode\n", "        - name: zip\n");
    edited = replaceOnce(edited, "  version: 3.0.0\n", "  version: 3.1.0\n");

    assertThat(SpecCompatibilityGate.compare(baseline, edited).passes()).isFalse();
  }

  @Test
  void mainFailsTheBuildWithAnActionableMessage(@TempDir Path dir) throws IOException {
    Path baselineFile = write(dir.resolve("baseline.yaml"), baseline);
    Path current = write(dir.resolve("current.yaml"),
        replaceOnce(baseline, "        - name: zipCode\n", "        - name: zip\n"));

    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    assertThatThrownBy(() -> SpecCompatibilityGate.run(new String[] {baselineFile.toString(), current.toString()},
        new PrintStream(printed, true, StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The working spec " + current + " breaks clients generated from the released baseline "
            + baselineFile + " (changes listed above), but its info.version 3.0.0 keeps the baseline's major"
            + " version 3. Make the change backward compatible (for example an optional field instead of a"
            + " renamed one), or set info.version to 4.0.0 for a new major release.");
    // The report and the verdict go to the stream given, not into the build log of a green build.
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Deleted: `zipCode` in `query`")
        .endsWith("Spec compatibility gate: baseline info.version 3.0.0, working info.version 3.0.0:"
            + " BREAKING changes without a new major version.\n");
  }

  @Test
  void mainRejectsAMissingDocument(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> SpecCompatibilityGate.run(new String[] {missing.toString(), missing.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No OpenAPI document at " + missing.toAbsolutePath() + ".");
  }

  @Test
  void versionWithoutMajorNumberIsRejected() {
    String edited = replaceOnce(baseline, "        - name: zipCode\n", "        - name: zip\n");
    edited = replaceOnce(edited, "  version: 3.0.0\n", "  version: v3\n");
    Verdict verdict = SpecCompatibilityGate.compare(baseline, edited);

    assertThatThrownBy(verdict::passes)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The working spec's info.version 'v3' does not start with a major version number;"
            + " use semantic versioning such as 3.0.0.");
  }

  private static String replaceOnce(String text, String target, String replacement) {
    int first = text.indexOf(target);
    assertThat(first).as("'%s' occurs in the document", target).isNotNegative();
    assertThat(text.indexOf(target, first + 1)).as("'%s' occurs only once", target).isEqualTo(-1);
    return text.replace(target, replacement);
  }

  private static String read(String path) {
    try {
      return new String(Files.readAllBytes(Paths.get(path)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path + ".", e);
    }
  }

  private static Path write(Path path, String text) throws IOException {
    return Files.write(path, text.getBytes(StandardCharsets.UTF_8));
  }
}
