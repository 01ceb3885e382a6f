package io.github.rallycongress.client;

import java.util.Locale;

/**
 * Text from the server (an error message, which may echo what a supporter typed; a value that
 * failed to decode; a link) as an exception's message may carry it: messages go to logs and
 * terminals, where a line break would forge a log line and an escape sequence would drive the
 * terminal.
 */
final class MessageText {
  private MessageText() {
  }

  /**
   * {@code text} with each control character (C0 and C1: line breaks and ESC among them) and each
   * Unicode line or paragraph separator shown as an escape: {@code \n}, {@code \r}, {@code \t},
   * {@code \x1b} (two hex digits up to U+00FF), and a backslash, {@code u} and four hex digits for
   * the separators; everything else as it was. Visible rather than dropped, so that a reader still
   * sees what the server sent (the {@code rally} tool shows control characters the same way).
   */
  static String printable(String text) {
    StringBuilder printable = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (control && printable == null) {
        printable = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (printable == null) {
        continue;
      }
      if (!control) {
        printable.append(c);
      } else if (c == '\n') {
        printable.append("\\n");
      } else if (c == '\r') {
        printable.append("\\r");
      } else if (c == '\t') {
        printable.append("\\t");
      } else if (c <= 0xff) {
        printable.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        printable.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return printable == null ? text : printable.toString();
  }
}
