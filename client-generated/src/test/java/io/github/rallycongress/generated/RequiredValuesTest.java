package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Types;
import io.github.rallycongress.generated.model.Supporter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the document requires of the models is checked as they are read, and only for them. */
class RequiredValuesTest {
  private final JsonAdapter<Supporter> supporters = GeneratedJson.moshi().adapter(Supporter.class);

  @Test
  void aModelsRequiredPropertyAndItsListItemsAreChecked() {
    assertThatThrownBy(() -> supporters.fromJson("{\"firstName\":\"Ada\",\"x\":{\"y\":1}}"))
        .isInstanceOf(JsonDataException.class).hasMessage("Required value 'id' missing or null at path $");
    assertThatThrownBy(() -> supporters.fromJson("{\"id\":\"1\",\"addresses\":[{\"city\":\"Albany\"},null]}"))
        .isInstanceOf(JsonDataException.class).hasMessage("Unexpected null item at path $.addresses[1]");
  }

  /** The Moshi of GeneratedJson is public: an application's own lists keep Moshi's rules. */
  @Test
  void anApplicationsOwnListsMayHoldNull() throws Exception {
    JsonAdapter<List<String>> strings = GeneratedJson.moshi().adapter(Types.newParameterizedType(List.class, String.class));

    assertThat(strings.fromJson("[\"a\",null]")).isEqualTo(Arrays.asList("a", null));
  }
}
