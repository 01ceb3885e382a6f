package io.github.rallycongress.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * The pages one stream has read, as 64-bit hashes of their canonical URLs in an open-addressing
 * set: about 16 bytes per page (a {@code long} slot at most half full), so a list of any length
 * can be checked for a cycle without keeping its pages or their URLs.
 *
 * <p>The canonical form is scheme, host, port, path, and the query parameters sorted (so
 * {@code ?a=1&b=2} and {@code ?b=2&a=1} are the same page); the fragment is ignored. Two different
 * URLs share a hash with a probability of about n²/2⁶⁵ for n pages (about 10⁻¹¹ for 20,000 pages),
 * which would end a list early with a {@link RallyPagingException}, never repeat an item.
 */
final class PageTrail {
  private static final long EMPTY = 0L;

  private long[] slots = new long[64];
  private int size;

  /** Records {@code url}; true if it was not recorded before. */
  boolean add(HttpUrl url) {
    long hash = hash(canonical(url));
    if (size * 2 >= slots.length) {
      grow();
    }
    return insert(slots, hash);
  }

  boolean contains(HttpUrl url) {
    long hash = hash(canonical(url));
    int mask = slots.length - 1;
    for (int i = mix32(hash) & mask; ; i = (i + 1) & mask) {
      if (slots[i] == EMPTY) {
        return false;
      }
      if (slots[i] == hash) {
        return true;
      }
    }
  }

  int size() {
    return size;
  }

  private boolean insert(long[] table, long hash) {
    int mask = table.length - 1;
    for (int i = mix32(hash) & mask; ; i = (i + 1) & mask) {
      if (table[i] == EMPTY) {
        table[i] = hash;
        if (table == slots) {
          size++;
        }
        return true;
      }
      if (table[i] == hash) {
        return false;
      }
    }
  }

  private void grow() {
    long[] old = slots;
    long[] bigger = new long[old.length * 2];
    for (long hash : old) {
      if (hash != EMPTY) {
        int mask = bigger.length - 1;
        int i = mix32(hash) & mask;
        while (bigger[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        bigger[i] = hash;
      }
    }
    slots = bigger;
  }

  static String canonical(HttpUrl url) {
    String query = url.encodedQuery();
    List<String> parameters = new ArrayList<>();
    if (query != null) {
      for (String parameter : query.split("&", -1)) {
        parameters.add(parameter);
      }
      Collections.sort(parameters);
    }
    StringBuilder canonical = new StringBuilder()
        .append(url.scheme()).append("://").append(url.host()).append(':').append(url.port()).append(url.encodedPath());
    for (int i = 0; i < parameters.size(); i++) {
      // Still percent-encoded: '&' separates, never belongs to one. '?' starts them, so that a path
      // holding '&' (which a path may) is not the same text as a shorter path and a query.
      canonical.append(i == 0 ? '?' : '&').append(parameters.get(i));
    }
    return canonical.toString();
  }

  /** 64-bit FNV-1a over the UTF-16 units, then a finalizer that spreads every bit; never {@link #EMPTY}. */
  static long hash(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      hash = (hash ^ (c & 0xff)) * 0x100000001b3L;
      hash = (hash ^ (c >>> 8)) * 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash == EMPTY ? 1L : hash;
  }

  private static int mix32(long hash) {
    return (int) (hash ^ (hash >>> 32));
  }
}
