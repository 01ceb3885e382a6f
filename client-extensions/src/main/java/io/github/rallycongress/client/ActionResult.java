package io.github.rallycongress.client;

import com.squareup.moshi.JsonAdapter;
import io.github.rallycongress.generated.GeneratedJson;
import io.github.rallycongress.generated.model.ActionSubmission;
import io.github.rallycongress.generated.model.FormField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of a submitted action: {@linkplain #isComplete() complete} (HTTP 200 or 201, or
 * another 2xx with a body; what each means, delivered or queued, is not published), or
 * {@linkplain #needsMoreInformation() in need of more information} (HTTP 202), with
 * the fields still required. Complete it with {@link RallyCongress#completeAction}. Immutable but
 * for {@link #submission()}, and safe to share between threads.
 */
public final class ActionResult {
  private static final JsonAdapter<FormField> FORM_FIELD = GeneratedJson.moshi().adapter(FormField.class);

  private final int status;
  private final ActionSubmission submission;
  private final ActionRequest request;
  /** As decoded: the generated model can be changed by whoever holds it (a cached result's observers). */
  private final @Nullable String id;
  /**
   * The missing fields as decoded, kept as JSON values (unknown properties included): the models
   * are mutable, so each {@link #missingFields()} call decodes copies of its own.
   */
  private final List<@Nullable Object> missingFields;

  ActionResult(int status, ActionSubmission submission, ActionRequest request) {
    this.status = status;
    this.submission = submission;
    this.request = request;
    this.id = submission.getId();
    List<FormField> missing = submission.getMissingFields();
    List<@Nullable Object> values = new ArrayList<>();
    if (missing != null) {
      for (FormField field : missing) {
        values.add(FORM_FIELD.toJsonValue(field));
      }
    }
    this.missingFields = values;
  }

  /** True unless the status is 202: HTTP 200 or 201 (or another 2xx the server sent with a body). */
  public boolean isComplete() {
    return status != 202;
  }

  /** True on HTTP 202: see {@link #missingFields()}. */
  public boolean needsMoreInformation() {
    return status == 202;
  }

  /** The HTTP status: 200, 201 or 202 as published for a POST; any other 2xx with a body is kept as sent. */
  public int status() {
    return status;
  }

  /**
   * The submission's id: on a 202, the id that completes it (always there: a 202 without one
   * reaches {@code onError}); on 200 or 201, the id if the server sent one, else null (the
   * published docs promise it only on a 202).
   */
  public @Nullable String id() {
    return id;
  }

  /**
   * The form fields still needed on a 202 (their {@code name}s are form field names); else empty.
   * An unmodifiable list of new copies on each call: the generated models are mutable, and a
   * {@code cache()}d result is shared by its observers.
   */
  public List<FormField> missingFields() {
    if (missingFields.isEmpty()) {
      return Collections.emptyList();
    }
    List<FormField> copies = new ArrayList<>(missingFields.size());
    for (Object value : missingFields) {
      copies.add(FORM_FIELD.fromJsonValue(value));
    }
    return Collections.unmodifiableList(copies);
  }

  /**
   * The response body as the document describes it: the generated model, mutable like all of them,
   * and the same object for every observer of a {@code cache()}d submission. {@link #id()},
   * {@link #missingFields()} and {@link RallyCongress#completeAction} keep what was decoded,
   * whatever is later set on it.
   */
  public ActionSubmission submission() {
    return submission;
  }

  /** The request that produced this result; a completion sends it again with the id and the missing values. */
  public ActionRequest request() {
    return request;
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (FormField field : missingFields()) {
      names.add(field.getName());
    }
    return "ActionResult{status=" + status + ", id=" + id() + (names.isEmpty() ? "" : ", missingFields=" + names) + "}";
  }
}
