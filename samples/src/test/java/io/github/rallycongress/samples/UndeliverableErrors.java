package io.github.rallycongress.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records what reaches {@code RxJavaPlugins.onError} during a test, resets the plugins after it,
 * and fails the test if anything arrived (an error after dispose, an undeliverable error).
 * Register with {@code @RegisterExtension}.
 */
final class UndeliverableErrors implements BeforeEachCallback, AfterEachCallback {
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    errors.clear();
    RxJavaPlugins.setErrorHandler(errors::add);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RxJavaPlugins.reset();
    assertThat(errors).as("errors thrown into RxJavaPlugins.onError").isEmpty();
  }
}
