package io.github.rallycongress.benchmarks;

import io.github.rallycongress.client.PageOptions;
import io.github.rallycongress.client.RallyCongress;
import io.github.rallycongress.client.SupporterQuery;

/** Our client as its README shows it: the supporters {@code Flowable}, counted by its subscriber. */
final class OursReader implements SupporterReader {
  static final String NAME = "ours";

  private final RallyCongress client;
  private final PageOptions options;

  OursReader(String baseUrl, int pageSize, int parallelism) {
    this.client = RallyCongress.builder()
        .baseUrl(baseUrl)
        .credentials(PageServer.ACCOUNT_ID, PageServer.AUTH_TOKEN)
        .maxConcurrentRequests(Math.max(4, parallelism))
        .build();
    this.options = PageOptions.builder().pageSize(pageSize).parallelism(parallelism).build();
  }

  @Override
  public long readAll() {
    return client.supporters(SupporterQuery.all(), options).count().blockingGet();
  }

  @Override
  public void close() {
    // Nothing to release: OkHttp's threads and connections are daemons that time out by themselves.
  }
}
