package io.github.rallycongress.benchmarks;

import java.io.IOException;

/**
 * One client under measurement, set up once, then asked to read every supporter of the page
 * server again and again. Each implementation is its own class, so that a JVM running one loads
 * nothing of the others and needs only its own runtime classpath.
 */
interface SupporterReader extends AutoCloseable {
  /** Reads every supporter from the first page to the last and returns how many there were. */
  long readAll() throws IOException;

  @Override
  void close();

  static SupporterReader create(String client, String baseUrl, int pageSize, int parallelism) {
    switch (client) {
      case OursReader.NAME:
        return new OursReader(baseUrl, pageSize, parallelism);
      case HandLoopReader.NAME:
        return new HandLoopReader(baseUrl, pageSize);
      case StockReader.NAME:
        return new StockReader(baseUrl, pageSize);
      default:
        throw new IllegalArgumentException("Unknown client '" + client + "': expected "
            + OursReader.NAME + ", " + HandLoopReader.NAME + " or " + StockReader.NAME);
    }
  }
}
