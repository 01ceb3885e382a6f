package io.github.rallycongress.samples;

import static io.github.rallycongress.samples.Sandboxes.clientFor;
import static io.github.rallycongress.samples.StreamChangedSupporters.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import io.github.rallycongress.sandbox.RallySandbox;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamChangedSupportersTest {
  static final OffsetDateTime SINCE = OffsetDateTime.parse("2025-06-01T00:00:00Z");

  RallySandbox sandbox;
  RallyCongress rally;
  SupporterPage firstPage;

  @BeforeEach
  void start() {
    sandbox = Sandboxes.start(RallySandbox.builder().supporters(5_000));
    rally = clientFor(sandbox).build();
    firstPage = rally.supporterPages(SupporterQuery.builder().updatedSince(SINCE).build(),
        PageOptions.builder().pageSize(PAGE_SIZE).build()).take(1).blockingFirst();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aBatchStopsTheStreamAfterTwoOfTheExportsPages() {
    int total = firstPage.getTotalResults();
    int pagesOfAllChanges = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    assertThat(pagesOfAllChanges).as("pages a full export needs").isGreaterThanOrEqualTo(4);
    int requestsBefore = sandbox.requestCount();
    List<Supporter> synced = new ArrayList<>();

    long count = StreamChangedSupporters.sync(rally, SINCE, PAGE_SIZE + 50, synced::add);

    assertThat(count).isEqualTo(PAGE_SIZE + 50);
    assertThat(synced).hasSize(PAGE_SIZE + 50)
        .allSatisfy(supporter -> assertThat(supporter.getUpdatedAt()).isAfterOrEqualTo(SINCE));
    assertThat(synced.get(0).getId()).isEqualTo(firstPage.getSupporters().get(0).getId());
    assertThat(sandbox.requestCount() - requestsBefore).as("pages fetched").isEqualTo(2);
  }

  @Test
  void aBatchLargerThanTheChangesSyncsThemAllOnEveryPage() {
    int total = firstPage.getTotalResults();
    int requestsBefore = sandbox.requestCount();
    List<Supporter> synced = new ArrayList<>();

    long count = StreamChangedSupporters.sync(rally, SINCE, 1_000_000, synced::add);

    assertThat(count).isEqualTo(total);
    assertThat(synced).extracting(Supporter::getId).doesNotHaveDuplicates();
    assertThat(sandbox.requestCount() - requestsBefore).isEqualTo((total + PAGE_SIZE - 1) / PAGE_SIZE);
  }
}
