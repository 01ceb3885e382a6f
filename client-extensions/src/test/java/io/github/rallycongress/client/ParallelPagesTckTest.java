package io.github.rallycongress.client;

/**
 * {@link PageStreamTckTest}'s Reactive Streams rules on the other path to a stream: pages fetched
 * three at a time ({@link PageOptions.Builder#parallelism}), whose items must still follow demand,
 * order and cancellation as one stream.
 */
public class ParallelPagesTckTest extends PageStreamTckTest {
  @Override
  PageOptions options() {
    return PageOptions.builder().pageSize(2).parallelism(3).build();
  }
}
