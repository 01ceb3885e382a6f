package io.github.rallycongress.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.SupporterPage;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PageServerTest {
  private final JsonAdapter<SupporterPage> pages = GeneratedJson.moshi().adapter(SupporterPage.class);

  @Test
  void pagesHaveTheSpecShapeAndEndOnTheLastPartialPage() throws IOException {
    try (PageServer server = PageServer.start(2_500, Duration.ZERO)) {
      SupporterPage first = pages.fromJson(server.page(0, 1000));
      SupporterPage last = pages.fromJson(server.page(2, 1000));

      assertThat(first.getSupporters()).hasSize(1000);
      assertThat(first.getNextpageuri()).isEqualTo("/v3/supporters?page=1&pagesize=1000");
      assertThat(first.getPreviouspageuri()).isNull();
      assertThat(first.getTotalResults()).isEqualTo(2_500);
      assertThat(last.getSupporters()).hasSize(500);
      assertThat(last.getNextpageuri()).isNull();
      assertThat(last.getPage()).isEqualTo(2);
    }
  }

  @Test
  void supportersAreTheSandboxsRealisticOnes() throws IOException {
    try (PageServer server = PageServer.start(100, Duration.ZERO)) {
      SupporterPage page = pages.fromJson(server.page(0, 100));

      assertThat(page.getSupporters()).allSatisfy(supporter -> {
        assertThat(supporter.getId()).isNotBlank();
        assertThat(supporter.getEmail()).contains("@");
        assertThat(supporter.getAddresses()).isNotEmpty();
      });
      assertThat(page.getSupporters()).extracting(s -> s.getId()).doesNotHaveDuplicates();
    }
  }
}
