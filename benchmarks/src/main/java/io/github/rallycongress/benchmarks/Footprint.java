package io.github.rallycongress.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** What each client adds to an app: the bytes of its runtime jars. */
final class Footprint {
  static final String STOCK_PACKAGE_PATH = "io/github/rallycongress/benchmarks/stock/";

  private Footprint() {
  }

  /**
   * The stock generated client as a jar of its own ({@code target/stock-client.jar}), compressed as
   * Maven would, so that it weighs the same way as our jars do.
   */
  static Path stockClasses(Path harnessClasses) throws IOException {
    return jar(harnessClasses, STOCK_PACKAGE_PATH, harnessClasses.resolveSibling("stock-client.jar"));
  }

  /** A jar's size; a directory of classes (a reactor build before packaging) is jarred first. */
  static long size(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      Path jar = Files.createTempFile("footprint", ".jar");
      try {
        return Files.size(jar(entry, "", jar));
      } finally {
        Files.delete(jar);
      }
    }
    return Files.size(entry);
  }

  static long total(List<Path> entries) throws IOException {
    long total = 0;
    for (Path entry : entries) {
      total += size(entry);
    }
    return total;
  }

  private static Path jar(Path classes, String prefix, Path target) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile)
          .filter(file -> classes.relativize(file).toString().replace('\\', '/').startsWith(prefix))
          .sorted()
          .toList();
    }
    if (files.isEmpty()) {
      throw new IOException("No classes under " + classes.resolve(prefix));
    }
    try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out)) {
      for (Path file : files) {
        JarEntry entry = new JarEntry(classes.relativize(file).toString().replace('\\', '/'));
        entry.setTime(0);
        jar.putNextEntry(entry);
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
    return target;
  }
}
