package io.github.rallycongress.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.github.rallycongress.sandbox.RallySandbox;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * Every ```java block of every Markdown file in the repository (outside {@code node_modules},
 * {@code target} and hidden folders) compiles against the real library, and the blocks that take the
 * app's client run against an embedded sandbox.
 *
 * <p>Each file's blocks get the file's {@link #PREAMBLES preamble}: its imports, and the
 * placeholders its prose assumes ({@code rally}, {@code dataSource}, ...) as typed fields of a class
 * that every block of the file extends. A block is the body of a method {@code run() throws
 * Exception}, or, when its first line of code is an annotation or a type declaration, the body of a
 * class. A new block is picked up as it is written; one that needs a placeholder nobody declared
 * fails to compile, a file with java blocks and no preamble fails, and so does a placeholder no block
 * of its file uses.
 *
 * <p>Beyond compiling, a block fails when it drops a {@code Single}, {@code Flowable} or other RxJava
 * source that a call returned (nobody subscribes to it, so it sends nothing) or subscribes to one
 * without an error handler (the error would go to {@code RxJavaPlugins.onError}). Warnings of
 * {@code -Xlint:all} (the build's) fail a block too.
 *
 * <p>Run: a block of statements that uses the {@code rally} placeholder (the app's client) runs with
 * {@code rally} pointing at a sandbox and {@code dataSource} at a fresh SQLite file. Other blocks are
 * only compiled: they build their own client from the environment (which would be the production
 * API), start a server that serves until stopped, or are a JUnit test class.
 */
class MarkdownJavaBlocksTest {
  static final Path ROOT = Paths.get(System.getProperty("rally.root", "..")).toAbsolutePath().normalize();

  /**
   * Per Markdown file (relative to the repository root): its imports, a line {@code ---}, then the
   * placeholders its prose assumes, as fields (and the small types they need).
   */
  static final Map<String, String> PREAMBLES = Map.of(
      "README.md", """
          import io.github.rallycongress.client.RallyCongress;
          import io.github.rallycongress.client.SupporterForm;
          import io.github.rallycongress.client.SupporterQuery;
          import io.github.rallycongress.generated.model.EmailOptin;
          import io.github.rallycongress.generated.model.Supporter;
          import io.github.rallycongress.sync.SupporterSync;
          import io.github.rallycongress.sync.SyncResult;
          import io.reactivex.rxjava3.disposables.Disposable;
          import io.reactivex.rxjava3.schedulers.Schedulers;
          import javax.sql.DataSource;
          ---
          protected RallyCongress rally;
          protected DataSource dataSource;
          protected Crm crm;
          protected Log log;
          public interface Crm { void upsert(Supporter supporter); }
          public interface Log { void warn(String message); }
          """,
      "sync/README.md", """
          import io.github.rallycongress.client.RallyCongress;
          import io.github.rallycongress.sync.SupporterSync;
          import io.github.rallycongress.sync.SyncResult;
          import java.time.OffsetDateTime;
          import javax.sql.DataSource;
          ---
          protected RallyCongress rally;
          protected DataSource dataSource;
          """,
      "sandbox/README.md", """
          import io.github.rallycongress.sandbox.RallySandbox;
          import io.github.rallycongress.sandbox.RallySandboxExtension;
          import java.time.Duration;
          import org.junit.jupiter.api.Test;
          import org.junit.jupiter.api.extension.ExtendWith;
          import org.junit.jupiter.api.extension.RegisterExtension;
          ---
          protected int port;    // the standalone block's settings
          protected int n;
          protected long seed;
          """);

  /** The placeholders a running block can have, with the value it runs with. */
  final Map<String, Function<Path, Object>> live = Map.of(
      "rally", file -> Sandboxes.clientFor(sandbox).build(),
      "dataSource", file -> {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        return dataSource;
      });

  /** A block whose first line of code starts so is class members, not statements. */
  private static final Pattern MEMBERS =
      Pattern.compile("^(@|((public|protected|private|abstract|static|final)\\s+)*(class|interface|record|enum)\\s)");

  static RallySandbox sandbox;
  static Compiled compiled;

  @TempDir static Path folder;

  record Block(String file, int line, String code, boolean members, String className, String preambleClass) {
    String at(long generatedLine, int headerLines) {
      return file + ":" + (line + generatedLine - headerLines - 1);
    }
  }

  /** A block or preamble as a compilation unit; {@code headerLines} lines come before the block's first. */
  static final class Source extends SimpleJavaFileObject {
    final String text;
    final int headerLines;
    final Block block;
    final String file;

    Source(String className, String text, int headerLines, Block block, String file) {
      super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
      this.text = text;
      this.headerLines = headerLines;
      this.block = block;
      this.file = file;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }

    String at(long generatedLine) {
      return block == null ? "the preamble of " + file + " in " + MarkdownJavaBlocksTest.class.getSimpleName()
          + ", line " + generatedLine : block.at(generatedLine, headerLines);
    }
  }

  /** What compiling every block found. */
  record Compiled(List<Block> blocks, List<String> problems, Map<Block, Set<String>> placeholdersUsed,
      Map<Block, Source> sources, Path classes) {
  }

  @BeforeAll
  static void compileAndStart() throws IOException {
    compiled = compile(markdownFiles(), folder.resolve("classes"));
    sandbox = RallySandbox.builder().supporters(200).build().start();
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void everyJavaBlockCompilesAgainstTheLibrary() {
    assertThat(compiled.blocks()).as("java blocks found under %s", ROOT)
        .extracting(Block::file).contains("README.md", "sync/README.md");
    assertThat(compiled.problems()).as("README java blocks").isEmpty();
  }

  @Test
  void blocksThatTakeTheAppsClientRunAgainstASandbox() throws Exception {
    assumeThat(compiled.problems()).as("the blocks compile (see the other test)").isEmpty();

    List<String> ran = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {compiled.classes().toUri().toURL()},
        getClass().getClassLoader())) {
      for (Block block : compiled.blocks()) {
        Set<String> used = compiled.placeholdersUsed().getOrDefault(block, Set.of());
        if (block.members() || !used.contains("rally")) {
          continue;
        }
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(live.keySet());
        if (!missing.isEmpty()) {
          problems.add(block.file() + ":" + block.line() + ": uses " + missing
              + ", which have no value to run with: give them one in " + getClass().getSimpleName() + ".live");
          continue;
        }
        String where = block.file() + ":" + block.line();
        Class<?> type = loader.loadClass(block.className());
        Object instance = type.getConstructor().newInstance();
        for (String name : used) {
          java.lang.reflect.Field field = type.getSuperclass().getDeclaredField(name);
          field.setAccessible(true);
          field.set(instance, live.get(name).apply(folder.resolve(block.className() + ".db")));
        }
        try {
          assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            try {
              type.getMethod("run").invoke(instance);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }, where);
          ran.add(where);
        } catch (Throwable e) {
          Source source = compiled.sources().get(block);
          problems.add(Stream.of(e.getStackTrace()).filter(frame -> frame.getClassName().equals(block.className()))
              .findFirst().map(frame -> source.at(frame.getLineNumber())).orElse(where) + ": " + e);
        }
      }
    }
    assertThat(problems).as("README java blocks run against a sandbox").isEmpty();
    assertThat(ran).as("blocks run").isNotEmpty();
  }

  /** Every Markdown file under the root, outside node_modules, target and hidden folders. */
  static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
        String name = dir.getFileName().toString();
        return !dir.equals(ROOT) && (name.equals("node_modules") || name.equals("target") || name.startsWith("."))
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (file.getFileName().toString().endsWith(".md")) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(null);
    return files;
  }

  /** The ```java blocks of {@code markdown}, with the line of each block's first line. */
  static List<Block> javaBlocks(String file, String markdown, int fileIndex) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i);
      if (!fence.strip().equals("```java")) {
        continue;
      }
      String indent = fence.substring(0, fence.indexOf('`'));
      StringBuilder code = new StringBuilder();
      int start = i + 1;
      for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        String line = lines.get(i);
        code.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
      }
      String firstCode = code.toString().lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("//")).findFirst().orElse("");
      String className = "Block" + fileIndex + "_L" + (start + 1);
      blocks.add(new Block(file, start + 1, code.toString(), MEMBERS.matcher(firstCode).find(), className,
          "Preamble" + fileIndex));
    }
    return blocks;
  }

  /** Compiles every java block of {@code files} into {@code classes}, and checks what the compiler cannot. */
  static Compiled compile(List<Path> files, Path classes) throws IOException {
    List<Block> blocks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    Map<String, Set<String>> placeholders = new LinkedHashMap<>();
    Map<String, String> preambleFiles = new LinkedHashMap<>();
    for (int f = 0; f < files.size(); f++) {
      String file = ROOT.relativize(files.get(f)).toString().replace('\\', '/');
      List<Block> found = javaBlocks(file, Files.readString(files.get(f), UTF_8), f);
      if (found.isEmpty()) {
        continue;
      }
      String preamble = PREAMBLES.get(file);
      if (preamble == null) {
        problems.add(file + ": has java blocks (the first at line " + found.get(0).line() + ") and no preamble in "
            + MarkdownJavaBlocksTest.class.getSimpleName() + ".PREAMBLES: give it the imports and placeholders"
            + " its prose assumes");
        continue;
      }
      String[] parts = preamble.split("(?m)^---\\n", 2);
      String imports = parts[0];
      String preambleClass = found.get(0).preambleClass();
      sources.add(new Source(preambleClass, imports + "public abstract class " + preambleClass + " {\n" + parts[1]
          + "}\n", 0, null, file));
      placeholders.put(preambleClass, new TreeSet<>());
      preambleFiles.put(preambleClass, file);
      for (Block block : found) {
        String header = imports + "public class " + block.className() + " extends " + preambleClass + " {\n"
            + (block.members() ? "" : "public void run() throws Exception {\n");
        String text = header + block.code() + (block.members() ? "" : "}\n") + "}\n";
        sources.add(new Source(block.className(), text, (int) header.lines().count(), block, file));
      }
      blocks.addAll(found);
    }

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Files.createDirectories(classes);
    Map<Block, Set<String>> used = new LinkedHashMap<>();
    try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null, UTF_8)) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
          "--release", "17", "-proc:none", "-implicit:none", "-Xlint:all,-options,-processing,-serial");
      Map<URI, Source> byUri = sources.stream().collect(Collectors.toMap(Source::toUri, s -> s));
      JavacTask task = (JavacTask) compiler.getTask(null, fileManager, diagnostics, options, null, sources);
      Iterable<? extends CompilationUnitTree> units = task.parse();
      task.analyze();
      Trees trees = Trees.instance(task);
      for (CompilationUnitTree unit : units) {
        Source source = byUri.get(unit.getSourceFile().toUri());
        if (source.block == null) {
          continue;
        }
        Set<String> names = new TreeSet<>();
        used.put(source.block, names);
        new TreePathScanner<Void, Void>() {
          String at(Tree tree) {
            return source.at(unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, tree)));
          }

          @Override
          public Void visitIdentifier(IdentifierTree node, Void unused) {
            Element element = trees.getElement(getCurrentPath());
            if (element != null && element.getKind() == ElementKind.FIELD
                && element.getEnclosingElement().getSimpleName().contentEquals(source.block.preambleClass())) {
              names.add(element.getSimpleName().toString());
            }
            return super.visitIdentifier(node, unused);
          }

          @Override
          public Void visitExpressionStatement(ExpressionStatementTree node, Void unused) {
            ExpressionTree expression = node.getExpression();
            if (expression instanceof MethodInvocationTree) {
              Element method = trees.getElement(new TreePath(getCurrentPath(), expression));
              if (method instanceof ExecutableElement executable
                  && task.getTypes().erasure(executable.getReturnType()).toString().startsWith("io.reactivex.rxjava3.core.")) {
                problems.add(at(node) + ": the " + task.getTypes().erasure(executable.getReturnType()) + " that "
                    + method.getSimpleName() + "() returns is dropped: nobody subscribes to it, so it sends nothing");
              }
            }
            return super.visitExpressionStatement(node, unused);
          }

          @Override
          public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
            Element element = trees.getElement(getCurrentPath());
            if (element instanceof ExecutableElement method && method.getSimpleName().contentEquals("subscribe")
                && node.getMethodSelect() instanceof MemberSelectTree select
                && ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString()
                    .startsWith("io.reactivex.rxjava3.core.")
                && (method.getParameters().isEmpty() || method.getParameters().size() == 1
                    && method.getParameters().get(0).asType().toString()
                        .startsWith("io.reactivex.rxjava3.functions.Consumer"))) {
              // The line of ".subscribe", not of the chain's first receiver.
              long name = source.text.indexOf("subscribe",
                  (int) trees.getSourcePositions().getEndPosition(unit, select.getExpression()));
              problems.add(source.at(unit.getLineMap().getLineNumber(name))
                  + ": subscribes without an error handler: an error would go to"
                  + " RxJavaPlugins.onError");
            }
            return super.visitMethodInvocation(node, unused);
          }
        }.scan(unit, null);
        placeholders.get(source.block.preambleClass()).addAll(names);
      }
      // A placeholder no block of its file uses only hides the next block that needs an undeclared one.
      for (Map.Entry<String, Set<String>> preamble : placeholders.entrySet()) {
        TypeElement type = task.getElements().getTypeElement(preamble.getKey());
        Set<String> unused = type == null ? Set.of() : type.getEnclosedElements().stream()
            .filter(e -> e.getKind() == ElementKind.FIELD).map(e -> e.getSimpleName().toString())
            .filter(name -> !preamble.getValue().contains(name)).collect(Collectors.toCollection(TreeSet::new));
        if (!unused.isEmpty()) {
          problems.add("the preamble of " + preambleFiles.get(preamble.getKey()) + " in "
              + MarkdownJavaBlocksTest.class.getSimpleName() + " declares " + unused
              + ", which no block of that file uses: take them out");
        }
      }
      if (diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
        task.generate();
      }
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        Source source = d.getSource() == null ? null : byUri.get(d.getSource().toUri());
        if (d.getKind() != Diagnostic.Kind.NOTE && source != null) {
          problems.add(source.at(d.getLineNumber()) + ": " + d.getKind().toString().toLowerCase() + ": "
              + d.getMessage(null));
        }
      }
    }
    Map<Block, Source> byBlock = new LinkedHashMap<>();
    sources.stream().filter(source -> source.block != null).forEach(source -> byBlock.put(source.block, source));
    return new Compiled(blocks, problems, used, byBlock, classes);
  }
}
