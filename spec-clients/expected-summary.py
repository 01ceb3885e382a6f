"""The oracle of the live check: what the sandbox serves, read with raw HTTP and no generated code.

Usage: python3 expected-summary.py <campaign id that does not exist>
Environment: RALLY_BASE_URL, RALLY_ACCOUNT_ID, RALLY_AUTH_TOKEN (the lines `rally sandbox` prints).
Prints the part of the summary line after "LANGUAGE: " that every program must print:
  N campaigns, N supporters in N pages, 202 completed, 404 "MESSAGE"
where the numbers are the sandbox's own: totalResults of /campaigns and of /supporters, the pages
that totalResults fills at the pagesize the server chose, and the errors of a 404 body joined by "; ".
Python's standard library only (PyPI is not reachable from CI).
"""
import base64
import json
import math
import os
import sys
import urllib.error
import urllib.request


def get(base_url, authorization, path):
    request = urllib.request.Request(base_url + path, headers={
        "Authorization": authorization, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def main(missing_campaign_id):
    base_url = os.environ["RALLY_BASE_URL"].rstrip("/") + "/"
    credentials = os.environ["RALLY_ACCOUNT_ID"] + ":" + os.environ["RALLY_AUTH_TOKEN"]
    authorization = "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")

    status, campaigns = get(base_url, authorization, "campaigns")
    assert status == 200, f"GET campaigns answered {status}"
    status, supporters = get(base_url, authorization, "supporters")
    assert status == 200, f"GET supporters answered {status}"
    status, error = get(base_url, authorization, "campaigns/" + missing_campaign_id)
    assert status == 404, f"GET campaigns/{missing_campaign_id} answered {status}, not 404"

    total = supporters["totalResults"]
    pages = max(1, math.ceil(total / supporters["pagesize"]))
    message = "; ".join(error["response"]["errors"])
    print(f'{campaigns["totalResults"]} campaigns, {total} supporters in {pages} pages, 202 completed, 404 "{message}"')


if __name__ == "__main__":
    main(sys.argv[1])
