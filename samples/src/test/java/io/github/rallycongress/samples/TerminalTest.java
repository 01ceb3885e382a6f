package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalTest {
  @Test
  void pseudoTerminalsAndConsolesAreTerminals() {
    assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
  }

  @Test
  void filesPipesAndDevNullAreNot() {
    assertThat(Terminal.isTerminalDevice("/home/ada/supporters.json")).isFalse();
    assertThat(Terminal.isTerminalDevice("pipe:[52731]")).isFalse();
    assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
  }

  @Test
  void aDescriptorIsWhereItsLinkPoints(@TempDir Path dir) throws IOException {
    // Like /proc/self/fd/2 for `rally supporters > file` on a terminal, and for `rally supporters 2> log`.
    Path terminal = Files.createSymbolicLink(dir.resolve("2"), Paths.get("/dev/pts/7"));
    Path file = Files.createSymbolicLink(dir.resolve("1"), dir.resolve("supporters.json"));

    assertThat(Terminal.isTerminal(terminal)).isTrue();
    assertThat(Terminal.isTerminal(file)).isFalse();
    assertThat(Terminal.isTerminal(dir.resolve("no-such-descriptor"))).isNull();
  }
}
