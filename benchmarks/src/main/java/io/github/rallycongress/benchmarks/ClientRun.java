package io.github.rallycongress.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The measuring side, run in a JVM of its own per client by {@link ChildJvm}, on exactly that
 * client's runtime classpath: {@code ClientRun CLIENT BASE_URL PAGE_SIZE PARALLELISM}. It sets the
 * client up, then obeys its standard input line by line: {@code read} reads every supporter and
 * prints {@code run items=N nanos=T}; at the end of input it prints
 * {@code heap peakUsed=B maxLiveAfterGc=B} and exits. Driving reads one at a time lets the harness
 * interleave the clients, so that anything else slowing the machine slows them all alike.
 */
final class ClientRun {
  static final String READ = "read";

  private ClientRun() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: ClientRun CLIENT BASE_URL PAGE_SIZE PARALLELISM");
    }
    AtomicLong maxLiveAfterGc = watchLiveHeap();
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (SupporterReader reader = SupporterReader.create(args[0], args[1], Integer.parseInt(args[2]),
        Integer.parseInt(args[3]))) {
      for (String command; (command = commands.readLine()) != null; ) {
        if (!command.equals(READ)) {
          throw new IllegalArgumentException("Unknown command '" + command + "'");
        }
        long start = System.nanoTime();
        long items = reader.readAll();
        long nanos = System.nanoTime() - start;
        System.out.println("run items=" + items + " nanos=" + nanos);
        System.out.flush();
      }
    }
    System.out.println("heap peakUsed=" + peakHeapUsed() + " maxLiveAfterGc=" + maxLiveAfterGc.get());
    System.out.flush();
    // OkHttp's idle threads would keep the JVM up for a minute.
    System.exit(0);
  }

  /**
   * The sum of each heap pool's peak: an upper bound of the heap ever in use at once (the pools
   * need not peak together), and never above -Xmx.
   */
  static long peakHeapUsed() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** The largest heap still in use right after a collection: what the run really keeps alive. */
  static AtomicLong watchLiveHeap() {
    AtomicLong max = new AtomicLong();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long live = 0;
        for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
          live += usage.getUsed();
        }
        // Non-heap pools (metaspace, code cache) are in that map too; subtract them.
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.NON_HEAP) {
            MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
            if (usage != null) {
              live -= usage.getUsed();
            }
          }
        }
        max.accumulateAndGet(live, Math::max);
      }, null, null);
    }
    return max;
  }
}
