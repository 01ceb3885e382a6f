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

  @Test
  void workingSpecHasNoBreakingChangeAgainstBaseline() {
    Verdict verdict = SpecCompatibilityGate.compare(baseline, read(System.getProperty("rally.spec")));

    assertThat(verdict.breaking()).isFalse();
    assertThat(verdict.passes()).isTrue();
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
