package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exit codes are listed in four places: {@code rally --help}, Rally's javadoc, the root README
 * and samples/README.md. Each lists exactly the codes Rally has (its {@code static final int}
 * fields), so a new code (9, the database of {@code rally sync}) cannot reach one list and miss
 * another.
 */
class ExitCodesDocumentedTest {
  /** A code where a list's entry starts: after the list's colon, or a comma. */
  private static final Pattern ENTRY = Pattern.compile("(?:^|:|,)\\s*(\\d+) ");

  @Test
  void everyListOfExitCodesNamesExactlyRallysCodes() throws Exception {
    Set<Integer> codes = new TreeSet<>();
    for (Field field : Rally.class.getDeclaredFields()) {
      if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())
          && Modifier.isFinal(field.getModifiers())) {
        field.setAccessible(true);
        codes.add(field.getInt(null));
      }
    }
    assertThat(codes).contains(0, 1, 2, 141);

    String help = RallyCommandTest.run(Map.of(), "--help").out();
    Set<Integer> inHelp = new TreeSet<>();
    Matcher line = Pattern.compile("(?m)^\\s+(\\d+)\\s+\\S").matcher(help.substring(help.indexOf("Exit codes:")));
    while (line.find()) {
      inHelp.add(Integer.parseInt(line.group(1)));
    }
    assertThat(inHelp).as("rally --help").isEqualTo(codes);

    String javadoc = read("samples/src/main/java/io/github/rallycongress/samples/Rally.java")
        .replaceAll("(?m)^\\s*\\* ?", "");
    assertThat(listed(javadoc, "<p>Exit codes:", "anything else.")).as("Rally's javadoc").isEqualTo(codes);
    assertThat(listed(read("README.md"), "The tool's exit codes:", "went away.")).as("README.md").isEqualTo(codes);
    assertThat(listed(read("samples/README.md"), "Exit codes:", "went away.")).as("samples/README.md")
        .isEqualTo(codes);
  }

  private static String read(String path) throws Exception {
    return Files.readString(MarkdownJavaBlocksTest.ROOT.resolve(path), StandardCharsets.UTF_8);
  }

  /** The codes of the list from {@code start} to {@code end}, parenthesized remarks left out. */
  private static Set<Integer> listed(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("'%s' in the text", start).isNotNegative();
    int to = text.indexOf(end, from);
    assertThat(to).as("'%s' after '%s'", end, start).isPositive();
    String list = text.substring(from + start.length(), to).replaceAll("\\s+", " ");
    StringBuilder outside = new StringBuilder();
    int depth = 0;
    for (char c : list.toCharArray()) {
      depth += c == '(' ? 1 : 0;
      if (depth == 0) {
        outside.append(c);
      }
      depth -= c == ')' ? 1 : 0;
    }
    Set<Integer> codes = new TreeSet<>();
    Matcher entry = ENTRY.matcher(outside);
    while (entry.find()) {
      codes.add(Integer.parseInt(entry.group(1)));
    }
    return codes;
  }
}
