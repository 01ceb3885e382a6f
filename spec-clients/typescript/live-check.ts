// What a web team writes with the client that openapi-generator's typescript-fetch makes from
// ../spec, run under Node against a sandbox (check-clients.sh starts it and compares the summary
// line with what the sandbox serves). Every call goes through the generated CampaignsApi and
// SupportersApi except the page links: a page is fetched by the URI the server gave in
// `nextpageuri` (the spec's paging rule), and decoded with the generated SupporterPageFromJSON.
//
// Usage: node live-check.js <campaign id that does not exist>
// Environment: RALLY_BASE_URL, RALLY_ACCOUNT_ID, RALLY_AUTH_TOKEN (the lines `rally sandbox` prints).
// Prints exactly one line:
//   typescript: N campaigns, N supporters in N pages, 202 completed, 404 "MESSAGE"
// and exits 1 with a sentence on stderr when the API does not behave as the spec says.
import {
  ActionSubmission,
  ActionType,
  CampaignPage,
  CampaignPageFromJSON,
  CampaignsApi,
  Configuration,
  ErrorResponseFromJSON,
  FormField,
  ResponseError,
  SubmitCampaignActionRequest,
  SupporterPage,
  SupporterPageFromJSON,
  SupportersApi,
} from '../target/typescript-fetch/src';

/** A ZIP code that spans two districts, so a letter from it needs a street (the spec's 202 flow). */
const SPLIT_ZIPCODE = '10001';
/** A ZIP code inside one district, for reading a form with its targets. */
const FORM_ZIPCODE = '12207';
/** More pages than any list of the sandbox has: a server whose links loop is reported, not followed forever. */
const MAX_PAGES = 100_000;

/** The values this supporter gives when a 202 asks for more, by `ActionSubmissionForm` field name. */
const MORE_VALUES: Record<string, string> = {
  street: '350 Fifth Avenue',
  phone: '212-555-0147',
  topic: 'Environment',
  prefix: 'Ms.',
  city: 'New York',
  state: 'NY',
};

class Disagreement extends Error {}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Disagreement(`${name} is not set: run this program with the lines that \`rally sandbox\` prints.`);
  }
  return value;
}

async function main(missingCampaignId: string): Promise<string> {
  const baseUrl = required('RALLY_BASE_URL').replace(/\/+$/, '');
  const username = required('RALLY_ACCOUNT_ID');
  const password = required('RALLY_AUTH_TOKEN');
  const configuration = new Configuration({ basePath: baseUrl, username, password });
  const campaignsApi = new CampaignsApi(configuration);
  const supportersApi = new SupportersApi(configuration);

  // Page links are relative to the host of the server URL (or absolute on that host): resolve them
  // against the base URL and send the same Basic credentials the generated APIs send.
  const authorization = 'Basic ' + Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
  async function fetchPage(uri: string): Promise<unknown> {
    const url = new URL(uri, baseUrl);
    if (url.origin !== new URL(baseUrl).origin) {
      throw new Disagreement(`the page link ${uri} leaves the server ${baseUrl}; it is not followed.`);
    }
    const response = await fetch(url, { headers: { Authorization: authorization, Accept: 'application/json' } });
    if (response.status !== 200) {
      throw new Disagreement(`GET ${url} answered ${response.status}, not 200.`);
    }
    return response.json();
  }

  // 1. Campaigns: every page, following nextpageuri.
  let campaigns = 0;
  for (let page: CampaignPage | null = await campaignsApi.listCampaigns(), pages = 1; page !== null; pages++) {
    campaigns += page.campaigns.length;
    page = page.nextpageuri ? CampaignPageFromJSON(await fetchPage(page.nextpageuri)) : null;
    if (pages > MAX_PAGES) {
      throw new Disagreement(`the campaign pages did not end after ${MAX_PAGES} pages.`);
    }
  }

  // 2. One action form for a ZIP code: the first campaign that has a letter action.
  const firstPage = await campaignsApi.listCampaigns();
  const letterCampaign = firstPage.campaigns.find(c => (c.actions ?? []).some(a => a.type === ActionType.Letter));
  if (letterCampaign === undefined) {
    throw new Disagreement('no campaign of the first page has a letter action.');
  }
  const form = await campaignsApi.getCampaignAction({
    campaignId: letterCampaign.id, actionType: ActionType.Letter, zipcode: FORM_ZIPCODE,
  });
  if (form.zipcode !== FORM_ZIPCODE || form.fields.length === 0 || (form.targets ?? []).length === 0) {
    throw new Disagreement(`the letter form of campaign ${letterCampaign.id} for ZIP code ${FORM_ZIPCODE} has`
      + ` zipcode ${form.zipcode}, ${form.fields.length} fields and ${(form.targets ?? []).length} targets.`);
  }

  // 3. Every supporter, by following nextpageuri from the first page; counted against totalResults.
  const first: SupporterPage = await supportersApi.listSupporters();
  const ids = new Set<string>();
  let supporters = 0;
  let pages = 0;
  for (let page: SupporterPage | null = first; page !== null;) {
    pages++;
    supporters += page.supporters.length;
    page.supporters.forEach(s => ids.add(s.id));
    if (pages > MAX_PAGES) {
      throw new Disagreement(`the supporter pages did not end after ${MAX_PAGES} pages.`);
    }
    page = page.nextpageuri ? SupporterPageFromJSON(await fetchPage(page.nextpageuri)) : null;
  }
  if (supporters !== first.totalResults || ids.size !== supporters) {
    throw new Disagreement(`following nextpageuri gave ${supporters} supporters (${ids.size} distinct ids)`
      + ` in ${pages} pages; the first page says totalResults ${first.totalResults}.`);
  }

  // 4. A letter answered 202, completed with its id and the missing fields (200).
  const letter: SubmitCampaignActionRequest = {
    campaignId: letterCampaign.id,
    actionType: ActionType.Letter,
    firstname: 'Maria',
    lastname: 'Gonzalez',
    zipcode: SPLIT_ZIPCODE,
    email: 'maria.gonzalez@example.org',
    subject: (form.sampleLetters ?? [])[0]?.subject ?? 'A letter',
    message: (form.sampleLetters ?? [])[0]?.message ?? 'Please act.',
    // A literal, not the generated enum constant: its name follows the spec's schema names, the value does not.
    mode: 'no_delivery',
  };
  const accepted = await campaignsApi.submitCampaignActionRaw(letter);
  if (accepted.raw.status !== 202) {
    throw new Disagreement(`the letter from ZIP code ${SPLIT_ZIPCODE} answered ${accepted.raw.status}, not 202.`);
  }
  let pending: ActionSubmission = await accepted.value();
  let completion = letter;
  for (let round = 1; ; round++) {
    // The docs promise an id on a 202 only; the spec leaves it optional, so it is checked here.
    if (!pending.id) {
      throw new Disagreement(`a 202 (round ${round}) carries no submission id to complete it with.`);
    }
    const missing: FormField[] = pending.missingFields ?? [];
    if (missing.length === 0) {
      throw new Disagreement(`the 202 for submission ${pending.id} lists no missing field.`);
    }
    completion = { ...completion, id: pending.id };
    for (const field of missing) {
      const value = MORE_VALUES[field.name];
      if (value === undefined) {
        throw new Disagreement(`the 202 asks for the field ${field.name}, which this program has no value for.`);
      }
      (completion as unknown as Record<string, string>)[field.name] = value;
    }
    const answer = await campaignsApi.submitCampaignActionRaw(completion);
    if (answer.raw.status === 200) {
      break;
    }
    if (answer.raw.status !== 202 || round === 3) {
      throw new Disagreement(`completing submission ${pending.id} answered ${answer.raw.status} (round ${round}).`);
    }
    pending = await answer.value();
  }

  // 5. A 404, read as the spec's error body.
  let messages: string[] | undefined;
  try {
    await campaignsApi.getCampaign({ campaignId: missingCampaignId });
  } catch (e) {
    if (!(e instanceof ResponseError) || e.response.status !== 404) {
      throw e;
    }
    messages = ErrorResponseFromJSON(await e.response.json()).response.errors;
  }
  if (messages === undefined) {
    throw new Disagreement(`campaign ${missingCampaignId} was found; a 404 was expected.`);
  }

  return `typescript: ${campaigns} campaigns, ${supporters} supporters in ${pages} pages, 202 completed,`
    + ` 404 "${messages.join('; ')}"`;
}

const missingCampaignId = process.argv[2];
if (missingCampaignId === undefined) {
  console.error('usage: node live-check.js <campaign id that does not exist>');
  process.exit(2);
}
main(missingCampaignId).then(
  line => console.log(line),
  (error: unknown) => {
    console.error(`typescript: ${error instanceof Disagreement ? error.message : String(error)}`);
    if (error instanceof Error && !(error instanceof Disagreement) && error.stack) {
      console.error(error.stack);
    }
    process.exitCode = 1;
  });
