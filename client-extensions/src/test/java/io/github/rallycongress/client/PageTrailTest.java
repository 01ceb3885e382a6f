package io.github.rallycongress.client;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The text by which the loop check knows a page: the same page in any spelling, another page never. */
class PageTrailTest {
  private static String canonical(String url) {
    return PageTrail.canonical(HttpUrl.get(url));
  }

  @Test
  void theSameQueryInAnotherOrderIsTheSamePage() {
    assertThat(canonical("https://api.rallycongress.net/v3/supporters?pagesize=2&page=1"))
        .isEqualTo(canonical("https://api.rallycongress.net/v3/supporters?page=1&pagesize=2"));
  }

  /** A path may hold '&': joined to its query by '&' too, these two pages had one text, and a false loop. */
  @Test
  void aPathHoldingAnAmpersandIsNotAShorterPathWithAQuery() {
    assertThat(canonical("https://api.rallycongress.net/v3/supporters&page=1"))
        .isNotEqualTo(canonical("https://api.rallycongress.net/v3/supporters?page=1"));
  }

  @Test
  void anotherPortOrHostIsAnotherPage() {
    assertThat(canonical("https://api.rallycongress.net:8443/v3/supporters?page=1"))
        .isNotEqualTo(canonical("https://api.rallycongress.net/v3/supporters?page=1"))
        .isNotEqualTo(canonical("https://api.rallycongress.com/v3/supporters?page=1"));
  }
}
