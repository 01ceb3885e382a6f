// What an Android or JVM team writes with the client that openapi-generator's kotlin generator
// (library jvm-retrofit2, Moshi) makes from ../spec, run on the JVM against a sandbox
// (check-clients.sh starts it and compares the summary line with what the sandbox serves). Every
// call goes through the generated CampaignsApi and SupportersApi except the page links: a page is
// fetched by the URI the server gave in `nextpageuri` (the spec's paging rule) through a one-method
// Retrofit interface on the generated ApiClient, so auth and the generated models still apply.
//
// Usage: LiveCheckKt <campaign id that does not exist>
// Environment: RALLY_BASE_URL, RALLY_ACCOUNT_ID, RALLY_AUTH_TOKEN (the lines `rally sandbox` prints).
// Prints exactly one line:
//   kotlin: N campaigns, N supporters in N pages, 202 completed, 404 "MESSAGE"
// and exits 1 with a sentence on stderr when the API does not behave as the spec says.
package io.github.rallycongress.kotlincheck

import io.github.rallycongress.kotlinclient.apis.CampaignsApi
import io.github.rallycongress.kotlinclient.apis.SupportersApi
import io.github.rallycongress.kotlinclient.infrastructure.ApiClient
import io.github.rallycongress.kotlinclient.infrastructure.Serializer
import io.github.rallycongress.kotlinclient.models.ActionSubmission
import io.github.rallycongress.kotlinclient.models.ActionType
import io.github.rallycongress.kotlinclient.models.CampaignPage
import io.github.rallycongress.kotlinclient.models.ErrorResponse
import io.github.rallycongress.kotlinclient.models.SupporterPage
import kotlin.system.exitProcess
import okhttp3.HttpUrl
import okhttp3.HttpUrl.Companion.toHttpUrl
import retrofit2.Call
import retrofit2.Response
import retrofit2.http.GET
import retrofit2.http.Url

/** A ZIP code that spans two districts, so a letter from it needs a street (the spec's 202 flow). */
private const val SPLIT_ZIPCODE = "10001"

/** A ZIP code inside one district, for reading a form with its targets. */
private const val FORM_ZIPCODE = "12207"

/** More pages than any list of the sandbox has: a server whose links loop is reported, not followed forever. */
private const val MAX_PAGES = 100_000

/** The page links of the spec's paging envelope, followed as given (Retrofit resolves a relative one against the base URL). */
interface PageLinks {
    @GET
    fun campaigns(@Url uri: String): Call<CampaignPage>

    @GET
    fun supporters(@Url uri: String): Call<SupporterPage>
}

class Disagreement(message: String) : Exception(message)

/** The form fields of a letter, by `ActionSubmissionForm` name; `complete` adds what a 202 asks for. */
data class LetterForm(
    val firstname: String,
    val lastname: String,
    val zipcode: String,
    val email: String,
    val subject: String,
    val message: String,
    val mode: String,
    val id: String? = null,
    val prefix: String? = null,
    val street: String? = null,
    val city: String? = null,
    val state: String? = null,
    val phone: String? = null,
    val topic: String? = null,
) {
    /** This form with the value this supporter gives for [field] when a 202 asks for it. */
    fun complete(field: String): LetterForm = when (field) {
        "street" -> copy(street = "350 Fifth Avenue")
        "phone" -> copy(phone = "212-555-0147")
        "topic" -> copy(topic = "Environment")
        "prefix" -> copy(prefix = "Ms.")
        "city" -> copy(city = "New York")
        "state" -> copy(state = "NY")
        else -> throw Disagreement("the 202 asks for the field $field, which this program has no value for.")
    }
}

private fun CampaignsApi.submitLetter(campaignId: String, form: LetterForm): Call<ActionSubmission> =
    submitCampaignAction(
        campaignId, ActionType.letter, form.firstname, form.lastname, form.zipcode,
        id = form.id, prefix = form.prefix, street = form.street, city = form.city, state = form.state,
        phone = form.phone, email = form.email, subject = form.subject, message = form.message,
        topic = form.topic, mode = form.mode,
    )

/** Executes the call; a status other than [expected] is a disagreement with the spec. */
private fun <T> Call<T>.expect(vararg expected: Int): Response<T> {
    val request = request()
    val response = execute()
    if (response.code() !in expected) {
        throw Disagreement("${request.method} ${request.url} answered ${response.code()}, not ${expected.joinToString(" or ")}.")
    }
    return response
}

private fun <T> Response<T>.value(): T =
    body() ?: throw Disagreement("${raw().request.method} ${raw().request.url} answered ${code()} with no body.")

private fun required(name: String): String =
    System.getenv(name)?.takeIf { it.isNotEmpty() }
        ?: throw Disagreement("$name is not set: run this program with the lines that `rally sandbox` prints.")

fun check(missingCampaignId: String): String {
    val baseUrl = required("RALLY_BASE_URL")
    val client = ApiClient(
        baseUrl = baseUrl, authName = "basicAuth",
        username = required("RALLY_ACCOUNT_ID"), password = required("RALLY_AUTH_TOKEN"),
    )
    val campaignsApi = client.createService(CampaignsApi::class.java)
    val supportersApi = client.createService(SupportersApi::class.java)
    val links = client.createService(PageLinks::class.java)

    // Page links are relative to the host of the server URL, or absolute on that host; the Basic
    // credentials go with them, so a link to another host is refused, not followed.
    val base: HttpUrl = baseUrl.toHttpUrl()
    fun link(uri: String): String {
        val url = base.resolve(uri)
        if (url == null || url.scheme != base.scheme || url.host != base.host || url.port != base.port) {
            throw Disagreement("the page link $uri leaves the server $baseUrl; it is not followed.")
        }
        return url.toString()
    }

    // 1. Campaigns: every page, following nextpageuri.
    var campaigns = 0
    var campaignPage: CampaignPage? = campaignsApi.listCampaigns().expect(200).value()
    var campaignPages = 0
    while (campaignPage != null) {
        campaigns += campaignPage.campaigns.size
        if (++campaignPages > MAX_PAGES) throw Disagreement("the campaign pages did not end after $MAX_PAGES pages.")
        campaignPage = campaignPage.nextpageuri?.takeIf { it.isNotEmpty() }
            ?.let { links.campaigns(link(it)).expect(200).value() }
    }

    // 2. One action form for a ZIP code: the first campaign that has a letter action.
    val letterCampaign = campaignsApi.listCampaigns().expect(200).value().campaigns
        .firstOrNull { campaign -> campaign.actions.orEmpty().any { it.type == ActionType.letter } }
        ?: throw Disagreement("no campaign of the first page has a letter action.")
    val form = campaignsApi.getCampaignAction(letterCampaign.id, ActionType.letter, FORM_ZIPCODE).expect(200).value()
    if (form.zipcode != FORM_ZIPCODE || form.fields.isEmpty() || form.targets.orEmpty().isEmpty()) {
        throw Disagreement(
            "the letter form of campaign ${letterCampaign.id} for ZIP code $FORM_ZIPCODE has zipcode ${form.zipcode}, " +
                "${form.fields.size} fields and ${form.targets.orEmpty().size} targets.",
        )
    }

    // 3. Every supporter, by following nextpageuri from the first page; counted against totalResults.
    val first = supportersApi.listSupporters().expect(200).value()
    val ids = HashSet<String>()
    var supporters = 0
    var pages = 0
    var page: SupporterPage? = first
    while (page != null) {
        supporters += page.supporters.size
        page.supporters.forEach { ids.add(it.id) }
        if (++pages > MAX_PAGES) throw Disagreement("the supporter pages did not end after $MAX_PAGES pages.")
        page = page.nextpageuri?.takeIf { it.isNotEmpty() }?.let { links.supporters(link(it)).expect(200).value() }
    }
    if (supporters != first.totalResults || ids.size != supporters) {
        throw Disagreement(
            "following nextpageuri gave $supporters supporters (${ids.size} distinct ids) in $pages pages; " +
                "the first page says totalResults ${first.totalResults}.",
        )
    }

    // 4. A letter answered 202, completed with its id and the missing fields (200).
    val sample = form.sampleLetters.orEmpty().firstOrNull()
    var letter = LetterForm(
        firstname = "Maria", lastname = "Gonzalez", zipcode = SPLIT_ZIPCODE, email = "maria.gonzalez@example.org",
        subject = sample?.subject ?: "A letter", message = sample?.message ?: "Please act.", mode = "no_delivery",
    )
    var answer = campaignsApi.submitLetter(letterCampaign.id, letter).expect(202)
    var round = 1
    while (answer.code() == 202) {
        val pending = answer.value()
        // The docs promise an id on a 202 only; the spec leaves it optional, so it is checked here.
        if (pending.id.isNullOrEmpty()) throw Disagreement("a 202 (round $round) carries no submission id to complete it with.")
        val missing = pending.missingFields.orEmpty()
        if (missing.isEmpty()) throw Disagreement("the 202 for submission ${pending.id} lists no missing field.")
        if (round++ > 3) throw Disagreement("submission ${pending.id} still answers 202 after 3 completions.")
        letter = missing.fold(letter.copy(id = pending.id)) { form, field -> form.complete(field.name) }
        answer = campaignsApi.submitLetter(letterCampaign.id, letter).expect(200, 202)
    }

    // 5. A 404, read as the spec's error body.
    val notFound = campaignsApi.getCampaign(missingCampaignId).expect(404)
    val errorBody = notFound.errorBody() ?: throw Disagreement("the 404 for campaign $missingCampaignId has no body.")
    val messages = errorBody.use { Serializer.moshi.adapter(ErrorResponse::class.java).fromJson(it.source()) }
        ?.response?.errors
        ?: throw Disagreement("the 404 for campaign $missingCampaignId has a null body.")

    return "kotlin: $campaigns campaigns, $supporters supporters in $pages pages, 202 completed, " +
        "404 \"${messages.joinToString("; ")}\""
}

fun main(args: Array<String>) {
    val missingCampaignId = args.singleOrNull() ?: run {
        System.err.println("usage: LiveCheckKt <campaign id that does not exist>")
        exitProcess(2)
    }
    try {
        println(check(missingCampaignId))
    } catch (e: Disagreement) {
        System.err.println("kotlin: ${e.message}")
        exitProcess(1)
    } catch (e: Exception) {
        System.err.println("kotlin: $e")
        e.printStackTrace()
        exitProcess(1)
    }
    // OkHttp's dispatcher and connection pool threads would keep the JVM alive for a minute.
    exitProcess(0)
}
