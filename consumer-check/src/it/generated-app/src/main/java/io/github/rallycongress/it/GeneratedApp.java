package io.github.rallycongress.it;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Supporter;
import java.time.LocalDate;

/**
 * Decodes a supporter and encodes it back with {@link GeneratedJson}: Moshi, Okio and the
 * {@code java.time} adapters at the versions the generated module's POM gives a user. Exits with
 * status 1 on anything thrown or a wrong value.
 */
public final class GeneratedApp {
  private GeneratedApp() {
  }

  public static void main(String[] args) {
    try {
      JsonAdapter<Supporter> adapter = GeneratedJson.moshi().adapter(Supporter.class);
      String json = "{\"id\":\"1000007\",\"firstName\":\"Ada\",\"email\":\"ada@example.org\",\"joinDate\":\"2020-02-29\"}";
      Supporter supporter = adapter.fromJson(json);
      check(supporter != null && "1000007".equals(supporter.getId()), "id did not decode: " + supporter);
      check("Ada".equals(supporter.getFirstName()), "firstName did not decode: " + supporter);
      check(LocalDate.of(2020, 2, 29).equals(supporter.getJoinDate()), "joinDate did not decode: " + supporter);
      Supporter again = adapter.fromJson(adapter.toJson(supporter));
      check(supporter.equals(again), "encoding and decoding again changed " + supporter + " into " + again);
      System.out.println("generated-app: decoded and encoded " + supporter.getId());
    } catch (Throwable error) {
      error.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }
}
