package io.github.rallycongress.samples;

import java.util.Locale;

/**
 * Text from the server made harmless for a terminal. A name or an error message is data: it must
 * never clear the screen, recolour it, move the cursor, retitle the window (ESC and the other C0
 * and C1 controls), reorder what follows (bidirectional overrides, as in "Trojan Source"), or break
 * a table row (line breaks). Each such character is shown as an escape ({@code \n}, {@code \t},
 * {@code \x1b}, and U+202E as a backslash, {@code u} and {@code 202e}); everything else, including non-ASCII letters, is kept.
 */
final class TerminalText {
  private TerminalText() {
  }

  /** {@code text} on one line: line breaks and tabs are escaped too. */
  static String escape(String text) {
    return escape(text, false);
  }

  /** {@code text} whose line feeds are kept as line breaks (a letter, a description). */
  static String escapeKeepingLines(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean keepLineFeeds) {
    if (text.codePoints().noneMatch(c -> needsEscape(c) && !(keepLineFeeds && c == '\n'))) {
      return text;
    }
    StringBuilder visible = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      if (!needsEscape(c) || (keepLineFeeds && c == '\n')) {
        visible.appendCodePoint(c);
      } else if (c == '\n') {
        visible.append("\\n");
      } else if (c == '\r') {
        visible.append("\\r");
      } else if (c == '\t') {
        visible.append("\\t");
      } else if (c <= 0xff) {
        visible.append(String.format(Locale.ROOT, "\\x%02x", c));
      } else {
        visible.append(String.format(Locale.ROOT, "\\u%04x", c));
      }
    });
    return visible.toString();
  }

  /**
   * C0 controls, DEL and C1 controls (such as U+009B, an 8-bit CSI), the line and paragraph
   * separators, and the invisible marks that change the direction of the text after them.
   */
  static boolean needsEscape(int c) {
    return Character.getType(c) == Character.CONTROL
        || c == 0x2028 || c == 0x2029
        || c == 0x061c || c == 0x200e || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
