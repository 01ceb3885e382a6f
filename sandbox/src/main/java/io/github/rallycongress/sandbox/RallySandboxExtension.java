package io.github.rallycongress.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts a {@link RallySandbox} and injects it into test, lifecycle
 * and constructor parameters of type {@code RallySandbox}, then closes it.
 *
 * <pre>{@code
 * @ExtendWith(RallySandboxExtension.class)        // one default sandbox for the whole class
 * class MyTest {
 *   @Test void listsCampaigns(RallySandbox sandbox) { ... sandbox.baseUrl() ... }
 * }
 *
 * class MyOtherTest {                               // custom settings, a fresh sandbox per test
 *   @RegisterExtension
 *   static final RallySandboxExtension SANDBOX =
 *       RallySandboxExtension.perTest(RallySandbox.builder().supporters(50).seed(7));
 * }
 * }</pre>
 *
 * <p>JUnit 5 is an optional dependency of the sandbox: add {@code junit-jupiter-api} to use this.
 */
public final class RallySandboxExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RallySandboxExtension.class);
  private static final String KEY = "sandbox";

  private final RallySandbox.Builder settings;
  private final boolean perTest;

  /** One sandbox with the default settings for each test class; what {@code @ExtendWith} uses. */
  public RallySandboxExtension() {
    this(RallySandbox.builder(), false);
  }

  private RallySandboxExtension(RallySandbox.Builder settings, boolean perTest) {
    this.settings = settings;
    this.perTest = perTest;
  }

  /** One sandbox with these settings for each test class (copied now; later changes do not count). */
  public static RallySandboxExtension perClass(RallySandbox.Builder settings) {
    return new RallySandboxExtension(Objects.requireNonNull(settings, "settings == null").copy(), false);
  }

  /** A fresh sandbox with these settings for each test (copied now; later changes do not count). */
  public static RallySandboxExtension perTest(RallySandbox.Builder settings) {
    return new RallySandboxExtension(Objects.requireNonNull(settings, "settings == null").copy(), true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perTest) {
      start(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!perTest) {
      stop(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perTest) {
      start(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop(context);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RallySandbox.class;
  }

  /** Resolves from the nearest context that started one (a test's own, else its class's). */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    RallySandbox sandbox = extensionContext.getStore(NAMESPACE).get(KEY, RallySandbox.class);
    if (sandbox == null) {
      throw new org.junit.jupiter.api.extension.ParameterResolutionException(
          "No RallySandbox is running here: a per-test sandbox cannot be injected into the constructor"
              + " or a @BeforeAll method; use a per-class one, or take it as a test method parameter.");
    }
    return sandbox;
  }

  private void start(ExtensionContext context) {
    RallySandbox sandbox = settings.copy().build();
    try {
      sandbox.start();
    } catch (IOException e) {
      throw new UncheckedIOException("The Rally sandbox could not start: " + e.getMessage(), e);
    }
    context.getStore(NAMESPACE).put(KEY, sandbox);
  }

  private static void stop(ExtensionContext context) {
    RallySandbox sandbox = context.getStore(NAMESPACE).remove(KEY, RallySandbox.class);
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
