package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class IoTest {
  @Test
  void theTerminalPrompterAsksOnStderrAndReadsALine() {
    StringWriter err = new StringWriter();
    Io.Prompter prompter = Io.terminalPrompter(new PrintWriter(err), new BufferedReader(new StringReader("350 Fifth Avenue\n")));

    assertThat(prompter.ask("Street address (street)")).isEqualTo("350 Fifth Avenue");
    assertThat(err.toString()).isEqualTo("Street address (street): ");
  }

  @Test
  void atTheEndOfInputItEndsTheQuestionsLine() {
    StringWriter err = new StringWriter();
    Io.Prompter prompter = Io.terminalPrompter(new PrintWriter(err), new BufferedReader(new StringReader("")));

    assertThat(prompter.ask("Topic (topic)")).isNull();
    assertThat(err.toString()).isEqualTo("Topic (topic): " + System.lineSeparator());
  }
}
