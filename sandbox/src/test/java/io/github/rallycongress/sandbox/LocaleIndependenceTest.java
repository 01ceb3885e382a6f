package io.github.rallycongress.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox's data is the same on every machine: made in a JVM whose default locale writes
 * digits of another script, the lawmakers' ids are those made here. Its data is made once, when a
 * class loads, so each locale gets a JVM of its own.
 */
class LocaleIndependenceTest {
  /** Prints the lawmakers of a few ZIP codes, one id a line. */
  public static void main(String[] args) {
    for (String line : lawmakers()) {
      System.out.println(line);
    }
  }

  static List<String> lawmakers() {
    List<String> lines = new ArrayList<>();
    for (String zipcode : new String[] {"10001", "12207", "78701", "43215", "02108"}) {
      Geography.Zip zip = Geography.zip(zipcode);
      for (Geography.Lawmaker senator : Geography.senators(zip.state)) {
        lines.add(senator.id);
      }
      for (String district : zip.districts) {
        lines.add(Geography.representative(district).id);
      }
    }
    return lines;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ar-EG", "th-TH-u-nu-thai", "hi-IN-u-nu-deva", "tr-TR"})
  void lawmakerIdsDoNotDependOnTheDefaultLocale(String languageTag) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.language=" + languageTag.split("-")[0], "-Duser.country=" + languageTag.split("-")[1],
        "-cp", System.getProperty("java.class.path"),
        LocaleIndependenceTest.class.getName() + (languageTag.contains("-u-") ? "$WithExtension" : ""), languageTag)
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();

    assertThat(out.lines()).containsExactlyElementsOf(lawmakers()).allMatch(id -> id.matches("[SH][0-9]{6}"));
  }

  /** A locale with a Unicode extension (a numbering system) cannot be given by system properties alone. */
  static final class WithExtension {
    public static void main(String[] args) throws IOException {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag(args[0]));
      LocaleIndependenceTest.main(args);
    }
  }
}
