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
   * separators, the invisible marks that change the direction of the text after them, and the
   * invisible characters that no name needs (zero width space, word joiner, byte order mark),
   * with which two names that look alike differ. The joiners (U+200C, U+200D) stay: Persian,
   * Indic scripts and emoji need them.
   */
  static boolean needsEscape(int c) {
    return Character.getType(c) == Character.CONTROL
        || c == 0x2028 || c == 0x2029
        || c == 0x061c || c == 0x200e || c == 0x200f
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200b || c == 0x2060 || c == 0xfeff;
  }

  /**
   * The columns {@code text} takes on a terminal: two for East Asian wide and fullwidth
   * characters, none for combining marks and format characters, one for the others (the ranges
   * of Markus Kuhn's public-domain {@code wcwidth}). {@code text.length()} counts UTF-16 units:
   * a table padded by it shifted the rest of a row with "李小龍" three columns to the right.
   */
  static int width(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.FORMAT) {
        width += isWide(c) ? 2 : 1;
      }
    }
    return width;
  }

  private static boolean isWide(int c) {
    return c >= 0x1100 && (c <= 0x115f || c == 0x2329 || c == 0x232a
        || (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) || (c >= 0xac00 && c <= 0xd7a3)
        || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe10 && c <= 0xfe19) || (c >= 0xfe30 && c <= 0xfe6f)
        || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)
        || (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x1f900 && c <= 0x1f9ff)
        || (c >= 0x20000 && c <= 0x2fffd) || (c >= 0x30000 && c <= 0x3fffd));
  }
}
