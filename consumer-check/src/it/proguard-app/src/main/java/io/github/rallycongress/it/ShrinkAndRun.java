package io.github.rallycongress.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import proguard.Configuration;
import proguard.ConfigurationParser;
import proguard.ProGuard;

/**
 * Shrinks and obfuscates client-app and everything on its runtime classpath into one jar with
 * ProGuard, using the consumer rules the jars ship ({@code META-INF/proguard/*.pro}) and one rule
 * of the app's own (keep its {@code main}); then runs that jar against a sandbox, where the app
 * checks every property the sandbox sent and unknown enum values.
 *
 * <p>Arguments: the client-app and sandbox-app project directories, and an output directory.
 */
public final class ShrinkAndRun {
  private ShrinkAndRun() {
  }

  public static void main(String[] args) throws Exception {
    Path clientApp = Paths.get(args[0]).toAbsolutePath();
    Path sandboxApp = Paths.get(args[1]).toAbsolutePath();
    Path out = Paths.get(args[2]).toAbsolutePath();
    Path rules = Files.createDirectories(out.resolve("consumer-rules"));

    List<String> jars = new ArrayList<>();
    jars.add(clientApp.resolve("target/client-app-1.0.jar").toString());
    for (String jar : Files.readString(clientApp.resolve("target/runtime.classpath")).trim().split(File.pathSeparator)) {
      jars.add(jar);
    }

    StringBuilder config = new StringBuilder();
    for (String jar : jars) {
      // One output jar: multi-release and module descriptors do not apply to it.
      config.append("-injars '").append(jar)
          .append("'(!META-INF/versions/**,!**module-info.class,!META-INF/MANIFEST.MF)\n");
    }
    Path shrunk = out.resolve("client-app-shrunk.jar");
    Files.deleteIfExists(shrunk);
    config.append("-outjars '").append(shrunk).append("'\n");
    String jmods = System.getProperty("java.home") + "/jmods/";
    for (String module : new String[] {"java.base", "java.logging", "java.sql", "jdk.unsupported"}) {
      config.append("-libraryjars '").append(jmods).append(module).append(".jmod'(!**.jar;!module-info.class)\n");
    }
    config.append("-keep public class io.github.rallycongress.it.ClientApp { public static void main(java.lang.String[]); }\n");
    // Shrinking and obfuscation only. ProGuard 7.10's optimizer breaks Okio: with it, the first
    // request dies in a dispatcher thread with java.lang.VerifyError ("Bad return type") in an
    // obfuscated okio class. Android apps shrink with R8, which Okio's own rules are written for.
    config.append("-dontoptimize\n");
    List<String> shipped = new ArrayList<>();
    for (String jar : jars) {
      for (Path rule : consumerRules(Paths.get(jar), rules)) {
        config.append("-include '").append(rule).append("'\n");
        shipped.add(rule.getFileName().toString());
      }
    }
    Path configFile = out.resolve("proguard.pro");
    Files.write(configFile, config.toString().getBytes(StandardCharsets.UTF_8));
    System.out.println("proguard-app: consumer rules shipped by the jars: " + shipped);

    Configuration configuration = new Configuration();
    try (ConfigurationParser parser = new ConfigurationParser(configFile.toFile(), System.getProperties())) {
      parser.parse(configuration);
    }
    new ProGuard(configuration).execute();
    System.out.println("proguard-app: " + Files.size(shrunk) + " bytes shrunk and obfuscated; running it");

    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process app = new ProcessBuilder(java, "-classpath", shrunk.toString(), "io.github.rallycongress.it.ClientApp",
        sandboxApp.toString()).inheritIO().start();
    int status = app.waitFor();
    if (status != 0) {
      throw new AssertionError("The shrunk and obfuscated app failed (status " + status + "; its output is above).");
    }
  }

  /** Copies the jar's META-INF/proguard/*.pro files into {@code into}, named after the jar. */
  private static List<Path> consumerRules(Path jar, Path into) throws IOException {
    List<Path> found = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().startsWith("META-INF/proguard/") && entry.getName().endsWith(".pro")) {
          Path copy = into.resolve(jar.getFileName() + "-" + Paths.get(entry.getName()).getFileName());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
          found.add(copy);
        }
      }
    }
    return found;
  }
}
