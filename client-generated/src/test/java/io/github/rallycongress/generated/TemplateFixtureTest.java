package io.github.rallycongress.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import io.github.rallycongress.generated.fixture.api.DefaultApi;
import io.github.rallycongress.generated.fixture.api.DefaultApi.ListWidgetsRequest;
import io.github.rallycongress.generated.fixture.model.Widget;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Retrofit;
import retrofit2.adapter.rxjava3.RxJava3CallAdapterFactory;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * The templates on constructs the API document does not use yet: {@code template-fixture.yaml}
 * (src/test/resources) is generated with them into test sources, package
 * {@code io.github.rallycongress.generated.fixture}, and read, written and sent here.
 */
class TemplateFixtureTest {
  private static final JsonAdapter<Widget> WIDGET =
      io.github.rallycongress.generated.fixture.GeneratedJson.moshi().adapter(Widget.class);

  private final MockWebServer server = new MockWebServer();
  private DefaultApi api;

  @BeforeEach
  void start() throws IOException {
    server.start();
    api = new Retrofit.Builder().baseUrl(server.url("/v1/"))
        .addCallAdapterFactory(RxJava3CallAdapterFactory.create())
        .addConverterFactory(MoshiConverterFactory.create(io.github.rallycongress.generated.fixture.GeneratedJson.moshi()))
        .build()
        .create(DefaultApi.class);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyPropertyKindIsWrittenBackExactlyAsRead() throws IOException {
    String json = "{\"id\":\"7\",\"owner\":\"ana\",\"labels\":[\"a\"],\"grid\":[[1,2],[]],"
        + "\"parts\":{\"p1\":{\"name\":\"bolt\"},\"p2\":{}},\"class\":\"k\",\"x-dash\":\"d\",\"3rd\":\"t\","
        + "\"toString\":\"s\",\"bigCount\":9007199254740993,\"price\":0.1,"
        + "\"amount\":12345678901234567890.10,\"active\":false,\"oldName\":\"o\","
        + "\"uuid\":\"6F9619FF-8B86-D011-B42D-00C04FC964FF\",\"link\":\"https://example.org/a%20b\","
        + "\"blob\":\"aGVsbG8=\"}";

    Widget widget = WIDGET.fromJson(json);

    assertThat(WIDGET.toJson(widget)).isEqualTo(json);
    assertThat(widget.getAmount()).isEqualTo(new BigDecimal("12345678901234567890.10"));
    assertThat(widget.getBigCount()).isEqualTo(9007199254740993L);
    assertThat(widget.getPropertyClass()).isEqualTo("k");
    assertThat(widget.getToString()).isEqualTo("s");
    assertThat(widget).isEqualTo(WIDGET.fromJson(json)).hasSameHashCodeAs(WIDGET.fromJson(json));
  }

  @Test
  void aRequiredNullablePropertyIsWrittenAsNullNotLeftOut() throws IOException {
    assertThat(WIDGET.toJson(WIDGET.fromJson("{\"id\":\"7\",\"owner\":null}"))).isEqualTo("{\"id\":\"7\",\"owner\":null}");
    assertThat(WIDGET.toJson(new Widget().id("7"))).isEqualTo("{\"id\":\"7\",\"owner\":null}");
    assertThat(WIDGET.toJson(new Widget().id("7").owner("ana"))).isEqualTo("{\"id\":\"7\",\"owner\":\"ana\"}");
  }

  @Test
  void aNullInANestedListOrAMapFailsNamingItsPath() {
    assertThatThrownBy(() -> WIDGET.fromJson("{\"id\":\"7\",\"owner\":null,\"grid\":[[1],[2,null]]}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Unexpected null item at path $.grid[1][1]");
    assertThatThrownBy(() -> WIDGET.fromJson("{\"id\":\"7\",\"owner\":null,\"parts\":{\"p1\":null}}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Unexpected null value at path $.parts.p1");
  }

  @Test
  void aNumberWithoutFormatKeepsEveryDigit() throws IOException {
    Widget widget = WIDGET.fromJson("{\"id\":\"7\",\"owner\":null,\"amount\":1e400}");
    assertThat(widget.getAmount()).isEqualTo(new BigDecimal("1E+400"));
    assertThat(WIDGET.toJson(widget)).isEqualTo("{\"id\":\"7\",\"owner\":null,\"amount\":1E+400}");
  }

  @Test
  void aNumberBeyondBigDecimalsExponentFailsDecodingNamingItsPath() {
    assertThatThrownBy(() -> WIDGET.fromJson("{\"id\":\"7\",\"owner\":null,\"amount\":1e2147483648}"))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("The number at path $.amount has an exponent beyond what BigDecimal holds (its scale is an int).");
  }

  @Test
  void deprecatedPropertiesAndOperationsAreDeprecated() throws Exception {
    assertThat(Widget.class.getMethod("getOldName").isAnnotationPresent(Deprecated.class)).isTrue();
    assertThat(Widget.class.getMethod("oldName", String.class).isAnnotationPresent(Deprecated.class)).isTrue();
    assertThat(Widget.class.getMethod("getId").isAnnotationPresent(Deprecated.class)).isFalse();
    assertThat(DefaultApi.class.getMethod("replaceWidget", String.class, Widget.class)
        .isAnnotationPresent(Deprecated.class)).isTrue();
  }

  @Test
  void anArrayParameterWithExplodeFalseIsSentAsOneCommaSeparatedValue() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"7\",\"owner\":null}").build());

    api.listWidgets(ListWidgetsRequest.builder().tags(Arrays.asList("red", "big")).verbose(true).count(9007199254740993L)
        .build()).blockingGet();

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedQuery()).isEqualTo("tags=red%2Cbig&verbose=true&count=9007199254740993");
    assertThat(request.getUrl().queryParameter("tags")).isEqualTo("red,big");
  }

  @Test
  void anArrayItemHoldingTheDelimiterIsRefusedBeforeSending() {
    assertThatThrownBy(() -> ListWidgetsRequest.builder().tags(Arrays.asList("red", "a,b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tags holds an item at index 1 that contains the delimiter ',': the server would read it as more"
            + " than one item. Nothing was sent.");
  }

  @Test
  void anArrayItemWithAnUnpairedSurrogateIsRefusedNamingTheItem() {
    assertThatThrownBy(() -> ListWidgetsRequest.builder().tags(Arrays.asList("red", "b\uD800ig")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tags[1] holds an unpaired surrogate (U+D800) at index 1, which UTF-8 cannot carry: it would be"
            + " sent as '?'.");
  }

  @Test
  void anExplodedArrayParameterIsSentOncePerItemAndAHeaderAsAHeader() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"id\":\"7\",\"owner\":null}").build());

    api.searchWidgets(Arrays.asList("1", "2"), "req-1").blockingGet();

    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().queryParameterValues("ids")).containsExactly("1", "2");
    assertThat(request.getHeaders().get("X-Request-Id")).isEqualTo("req-1");
  }

  @Test
  void aNoContentResponseCompletes() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());

    api.deleteWidget("7").blockingAwait(5, TimeUnit.SECONDS);

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getMethod()).isEqualTo("DELETE");
  }
}
