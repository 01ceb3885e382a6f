package io.github.rallycongress.speccompat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.compare.OpenApiDiffOptions;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * The breaking-change gate: compares the working OpenAPI document with the baseline (the document
 * as last released) and refuses a breaking change unless {@code info.version} has a new major
 * version. Run by {@code mvn verify} on the real documents; the tests run it on edited copies.
 *
 * <p>"Breaking" is openapi-diff's verdict (a client generated from the baseline could fail against
 * the new API: removed operation or parameter, a new required request field, an enum that accepts
 * fewer request values or returns more response values, a changed type...) plus what it misses or
 * calls compatible although a generated client breaks: any deleted response property, required or
 * not, since generated models lose its getter ({@link DeletedResponseProperties}); a renamed path
 * parameter, a response property that became nullable, a removed or renamed schema, a changed
 * operationId, a tag removed from an operation, a removed server or a new first server, an enum
 * value removed from a schema no request uses, a changed generated type name (an inline enum or
 * object turned into a {@code $ref} or the reverse, a {@code $ref} to another schema), and a
 * {@code allOf}, {@code oneOf} or {@code anyOf} member removed or added where generated clients break
 * on it ({@link GeneratedCodeChanges}). Patterns follow the
 * gate's rule, not openapi-diff's (which refuses any change): added or changed is breaking in a
 * request, changed or removed is breaking in a response; a request pattern removed and a response
 * pattern added are compatible. Each finding of the gate's own rules is a line of the report, under
 * a heading of its rule, after openapi-diff's report (whose "Result" does not count them: the
 * summary line does).
 */
public final class SpecCompatibilityGate {

  /**
   * openapi-diff refuses any pattern change, a removed pattern included; {@link GeneratedCodeChanges}
   * applies the gate's own pattern rule instead.
   */
  private static final OpenApiDiffOptions OPTIONS =
      OpenApiDiffOptions.builder().configProperty("incompatible.schema.pattern.changed", "false").build();

  private SpecCompatibilityGate() {}

  /**
   * Prints the change report and throws {@link IllegalStateException} when the change is breaking
   * without a major version bump, which fails the Maven build.
   *
   * @param args the baseline document's path, then the working document's path
   */
  public static void main(String[] args) throws IOException {
    run(args, System.out);
  }

  /** {@link #main} printing to {@code out}: tests keep their fixtures' reports out of the build log. */
  static void run(String[] args, PrintStream out) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "Expected 2 arguments, the baseline document and the working document, but got " + args.length + ".");
    }
    Path baseline = Paths.get(args[0]);
    Path current = Paths.get(args[1]);
    Verdict verdict = compare(read(baseline), read(current));
    out.println(verdict.report());
    out.println(verdict.summary());
    out.flush();
    if (!verdict.passes()) {
      throw new IllegalStateException(verdict.failureMessage(baseline, current));
    }
  }

  /** Compares two OpenAPI documents given as YAML or JSON text. */
  public static Verdict compare(String baselineDocument, String currentDocument) {
    ChangedOpenApi diff = OpenApiCompare.fromContents(baselineDocument, currentDocument, null, OPTIONS);
    Map<String, Set<String>> sections = new LinkedHashMap<>();
    sections.put("Deleted response properties (breaking for generated clients)",
        new LinkedHashSet<>(DeletedResponseProperties.in(diff)));
    sections.putAll(GeneratedCodeChanges.between(baselineDocument, currentDocument));
    StringBuilder report = new StringBuilder(new MarkdownRender().render(diff));
    boolean found = false;
    for (Map.Entry<String, Set<String>> section : sections.entrySet()) {
      if (section.getValue().isEmpty()) {
        continue;
      }
      found = true;
      report.append("#### ").append(section.getKey()).append("\n---\n\n");
      for (String line : section.getValue()) {
        report.append("* ").append(line).append('\n');
      }
      report.append('\n');
    }
    return new Verdict(
        diff.getOldSpecOpenApi().getInfo().getVersion(),
        diff.getNewSpecOpenApi().getInfo().getVersion(),
        diff.isDifferent() || found,
        diff.isIncompatible() || found,
        report.toString());
  }

  private static String read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("No OpenAPI document at " + path.toAbsolutePath() + ".");
    }
    return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
  }

  /** The outcome of one comparison. Immutable. */
  public static final class Verdict {
    private final String baselineVersion;
    private final String currentVersion;
    private final boolean changed;
    private final boolean breaking;
    private final String report;

    Verdict(String baselineVersion, String currentVersion, boolean changed, boolean breaking, String report) {
      this.baselineVersion = baselineVersion;
      this.currentVersion = currentVersion;
      this.changed = changed;
      this.breaking = breaking;
      this.report = report;
    }

    /** {@code info.version} of the baseline document. */
    public String baselineVersion() {
      return baselineVersion;
    }

    /** {@code info.version} of the working document. */
    public String currentVersion() {
      return currentVersion;
    }

    /** Whether the API described by the documents differs at all (descriptions and examples aside). */
    public boolean changed() {
      return changed;
    }

    /** Whether a client generated from the baseline could break against the working document. */
    public boolean breaking() {
      return breaking;
    }

    /** openapi-diff's human-readable list of changes, then the findings of the gate's own rules. */
    public String report() {
      return report;
    }

    /** True unless the change is breaking and the major version is unchanged. */
    public boolean passes() {
      return !breaking || major(currentVersion, "working") > major(baselineVersion, "baseline");
    }

    /** One line for the build log. */
    public String summary() {
      String outcome;
      if (!changed) {
        outcome = "no API changes";
      } else if (!breaking) {
        outcome = "backward-compatible changes only";
      } else if (passes()) {
        outcome = "breaking changes, allowed by the new major version";
      } else {
        outcome = "BREAKING changes without a new major version";
      }
      return "Spec compatibility gate: baseline info.version " + baselineVersion
          + ", working info.version " + currentVersion + ": " + outcome + ".";
    }

    String failureMessage(Path baseline, Path current) {
      return "The working spec " + current + " breaks clients generated from the released baseline "
          + baseline + " (changes listed above), but its info.version " + currentVersion
          + " keeps the baseline's major version " + major(baselineVersion, "baseline")
          + ". Make the change backward compatible (for example an optional field instead of a renamed one),"
          + " or set info.version to " + (major(baselineVersion, "baseline") + 1) + ".0.0 for a new major release.";
    }

    private static int major(String version, String which) {
      int end = 0;
      while (version != null && end < version.length() && Character.isDigit(version.charAt(end))) {
        end++;
      }
      if (end == 0) {
        throw new IllegalArgumentException("The " + which + " spec's info.version '" + version
            + "' does not start with a major version number; use semantic versioning such as 3.0.0.");
      }
      return Integer.parseInt(version.substring(0, end));
    }
  }
}
