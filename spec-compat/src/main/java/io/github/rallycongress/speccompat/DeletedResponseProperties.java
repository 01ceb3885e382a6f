package io.github.rallycongress.speccompat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.openapitools.openapidiff.core.model.ChangedApiResponse;
import org.openapitools.openapidiff.core.model.ChangedMediaType;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.ChangedResponse;
import org.openapitools.openapidiff.core.model.ChangedSchema;

/**
 * Response properties that the working document no longer has. openapi-diff counts only a
 * deleted <em>required</em> response property as breaking; for generated clients an optional one
 * is breaking too, because its getter disappears and every caller stops compiling.
 */
final class DeletedResponseProperties {

  private DeletedResponseProperties() {}

  /** One entry per deleted property, e.g. {@code GET /supporters/{supporterId} 200 application/json: customId}. */
  static List<String> in(ChangedOpenApi diff) {
    List<String> deleted = new ArrayList<>();
    for (ChangedOperation operation : diff.getChangedOperations()) {
      ChangedApiResponse responses = operation.getApiResponses();
      if (responses == null) {
        continue;
      }
      for (Map.Entry<String, ChangedResponse> response : responses.getChanged().entrySet()) {
        if (response.getValue().getContent() == null) {
          continue;
        }
        for (Map.Entry<String, ChangedMediaType> media : response.getValue().getContent().getChanged().entrySet()) {
          String where = operation.getHttpMethod() + " " + operation.getPathUrl() + " " + response.getKey()
              + " " + media.getKey() + ": ";
          collect(media.getValue().getSchema(), where, "", deleted);
        }
      }
    }
    return Collections.unmodifiableList(deleted);
  }

  private static void collect(ChangedSchema schema, String where, String prefix, List<String> deleted) {
    if (schema == null) {
      return;
    }
    for (String name : schema.getMissingProperties().keySet()) {
      deleted.add(where + prefix + name);
    }
    for (Map.Entry<String, ChangedSchema> property : schema.getChangedProperties().entrySet()) {
      collect(property.getValue(), where, prefix + property.getKey() + ".", deleted);
    }
    collect(schema.getItems(), where, prefix + "[].", deleted);
  }
}
