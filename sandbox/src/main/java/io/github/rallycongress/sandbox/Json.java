package io.github.rallycongress.sandbox;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.ErrorDetail;
import io.github.rallycongress.generated.model.ErrorResponse;
import java.util.List;
import java.util.Map;

/**
 * Encodes answers with the generated models, so every JSON name comes from the spec.
 *
 * <p>Moshi leaves out null properties, which is right for every optional property of the spec
 * except the few the spec declares {@code nullable} and shows as an explicit {@code null} in its
 * examples: {@code nextpageuri} and {@code previouspageuri} of a page, {@code district} of a
 * senator, {@code redirectUrl} of display settings. Those are written as {@code null} here; all
 * other absent properties stay absent, because the spec does not allow null for them.
 */
final class Json {
  private static final Moshi MOSHI = GeneratedJson.moshi();
  private static final JsonAdapter<Object> TREE = MOSHI.adapter(Object.class).serializeNulls();

  private Json() {
  }

  static String encode(Object model) {
    @SuppressWarnings("unchecked")
    JsonAdapter<Object> adapter = (JsonAdapter<Object>) MOSHI.adapter(model.getClass());
    Object tree = adapter.toJsonValue(model);
    addExplicitNulls(tree);
    return TREE.toJson(tree);
  }

  static String error(List<String> errors) {
    return encode(new ErrorResponse().response(new ErrorDetail().errors(errors)));
  }

  private static void addExplicitNulls(Object tree) {
    if (tree instanceof List) {
      for (Object item : (List<?>) tree) {
        addExplicitNulls(item);
      }
    } else if (tree instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) tree;
      if (object.containsKey("firstpageuri")) { // a Page
        object.putIfAbsent("nextpageuri", null);
        object.putIfAbsent("previouspageuri", null);
      }
      if (object.containsKey("chamber")) { // a Target
        object.putIfAbsent("district", null);
      }
      if (object.containsKey("thankYouMessage")) { // DisplaySettings
        object.putIfAbsent("redirectUrl", null);
      }
      for (Object value : object.values()) {
        if (value != null) {
          addExplicitNulls(value);
        }
      }
    }
  }
}
