package io.github.rallycongress.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.jspecify.annotations.Nullable;

/**
 * Whether a standard stream of this process is a terminal. {@code System.console()} cannot tell:
 * on Java 17 it is null as soon as stdin or stdout is redirected, so {@code rally supporters > file}
 * would lose its progress bar although stderr is still on the screen. On Linux the answer is where
 * {@code /proc/self/fd/N} points; elsewhere it falls back to {@code System.console()}.
 */
final class Terminal {
  static final int STDIN = 0;
  static final int STDOUT = 1;
  static final int STDERR = 2;

  private Terminal() {
  }

  static boolean isTerminal(int fd) {
    Boolean linux = isTerminal(Paths.get("/proc/self/fd/" + fd));
    return linux != null ? linux : System.console() != null;
  }

  /** True when {@code link} points to a terminal device, false when elsewhere, null when unreadable (no /proc). */
  static @Nullable Boolean isTerminal(Path link) {
    if (!Files.isSymbolicLink(link)) {
      return null;
    }
    try {
      return isTerminalDevice(Files.readSymbolicLink(link).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** Whether {@code fd} is a pipe ({@code pipe:[123]} on Linux); false where that cannot be told. */
  static boolean isPipe(int fd) {
    Path link = Paths.get("/proc/self/fd/" + fd);
    try {
      return Files.isSymbolicLink(link) && Files.readSymbolicLink(link).toString().startsWith("pipe:");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** {@code /dev/pts/3} (terminal emulators, ssh, tmux) or {@code /dev/tty1} (a text console). */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
  }
}
