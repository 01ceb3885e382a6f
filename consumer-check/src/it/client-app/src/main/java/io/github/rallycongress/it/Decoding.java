package io.github.rallycongress.it;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.Campaign;
import io.github.rallycongress.generated.model.CampaignPage;
import io.github.rallycongress.generated.model.Supporter;
import io.github.rallycongress.generated.model.SupporterPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * What the sandbox sent against what the models hold, without naming a field (names are
 * obfuscated when this app runs shrunk): a page's JSON, decoded into the generated models and
 * encoded again, must give the same JSON tree, so a property that did not decode (a field ProGuard
 * removed, renamed or left unwritten) shows as a difference. Unknown enum values must decode too.
 */
final class Decoding {
  private final OkHttpClient http = new OkHttpClient();
  private final Moshi moshi = GeneratedJson.moshi();
  private final JsonAdapter<Object> tree = moshi.adapter(Object.class);
  private final String baseUrl;
  private final String authorization;

  Decoding(String baseUrl, String accountId, String authToken) {
    this.baseUrl = baseUrl;
    this.authorization = Credentials.basic(accountId, authToken);
  }

  /** The first page of supporters as the sandbox sent it, checked to survive decoding. */
  SupporterPage supporterPage() throws IOException {
    String json = get("supporters?page=0");
    SupporterPage page = roundTrip(json, SupporterPage.class);
    check(!page.getSupporters().isEmpty(), "the first page of supporters is empty");
    return page;
  }

  /** The first page of campaigns as the sandbox sent it, checked to survive decoding. */
  CampaignPage campaignPage() throws IOException {
    String json = get("campaigns?page=0");
    CampaignPage page = roundTrip(json, CampaignPage.class);
    check(!page.getCampaigns().isEmpty(), "the first page of campaigns is empty");
    return page;
  }

  /** A supporter's and a campaign action's enum values replaced by ones no version knows. */
  @SuppressWarnings("unchecked")
  void unknownEnumValuesDecode() throws IOException {
    Map<String, Object> supporterPage = (Map<String, Object>) tree.fromJson(get("supporters?page=0"));
    Map<String, Object> supporter = new LinkedHashMap<>(
        ((List<Map<String, Object>>) supporterPage.get("supporters")).get(0));
    Supporter known = moshi.adapter(Supporter.class).fromJson(tree.toJson(supporter));
    supporter.put("emailStatus", "status_added_later");
    supporter.put("emailOptin", "optin_added_later");
    Supporter unknown = moshi.adapter(Supporter.class).fromJson(tree.toJson(supporter));
    check(unknown.getId().equals(known.getId()), "the supporter with unknown values lost its id");
    check(unknown.getEmailStatus() != null && !unknown.getEmailStatus().equals(known.getEmailStatus()),
        "an unknown emailStatus decoded to " + unknown.getEmailStatus());
    check(unknown.getEmailOptin() != null && !unknown.getEmailOptin().equals(known.getEmailOptin()),
        "an unknown emailOptin decoded to " + unknown.getEmailOptin());

    Map<String, Object> campaignPage = (Map<String, Object>) tree.fromJson(get("campaigns?page=0"));
    Map<String, Object> campaign = new LinkedHashMap<>(
        ((List<Map<String, Object>>) campaignPage.get("campaigns")).get(0));
    List<Map<String, Object>> actions = new ArrayList<>();
    for (Map<String, Object> action : (List<Map<String, Object>>) campaign.get("actions")) {
      Map<String, Object> changed = new LinkedHashMap<>(action);
      changed.put("type", "action_added_later");
      actions.add(changed);
    }
    campaign.put("actions", actions);
    Campaign decoded = moshi.adapter(Campaign.class).fromJson(tree.toJson(campaign));
    check(decoded.getActions().size() == actions.size(), "actions with an unknown type were dropped");
    check(decoded.getActions().get(0).getType() != null, "an unknown action type decoded to null");
  }

  private <T> T roundTrip(String json, Class<T> type) throws IOException {
    JsonAdapter<T> adapter = moshi.adapter(type);
    T decoded = adapter.fromJson(json);
    Object sent = withoutNulls(tree.fromJson(json));
    Object kept = withoutNulls(tree.fromJson(adapter.toJson(decoded)));
    check(sent.equals(kept), type.getSimpleName() + " lost or changed properties in decoding:\n sent "
        + sent + "\n kept " + kept);
    return decoded;
  }

  /** Explicit JSON nulls are not written back; absent and null mean the same to the models. */
  private static Object withoutNulls(Object value) {
    if (value instanceof Map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        if (entry.getValue() != null) {
          copy.put(entry.getKey(), withoutNulls(entry.getValue()));
        }
      }
      return copy;
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      for (Object item : (List<?>) value) {
        copy.add(withoutNulls(item));
      }
      return copy;
    }
    return value;
  }

  private String get(String path) throws IOException {
    Request request = new Request.Builder().url(baseUrl + path).header("Authorization", authorization).build();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      check(response.code() == 200, "GET " + path + " answered " + response.code());
      return body.string();
    }
  }

  static void check(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }
}
