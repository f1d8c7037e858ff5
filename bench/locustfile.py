"""Realistic load for `make bench`: users who wait 1–3 s between requests.

Each reader reads the measured pages as one person of each role, with a session of
their own (six staff, ten board members, forty members, four of the network
section, four of the fund committee and four of the support section take turns;
an open round's public page is read without signing in), and, with a member session of its own, alternately applies to
and cancels from the loop course the way the course page's card does it (htmx POST,
200 with the card). A few people
meanwhile sign in with their password, read their page and the catalogue, and sign
out again. Every response is checked for status 200 and its page's marker; the exact
response times are written to $BENCH_LOCUST_OUT for the percentiles.
"""

import itertools
import json
import os
import re
from collections import defaultdict
from pathlib import Path

from locust import FastHttpUser, between, events, task

FIXTURES = json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text(encoding="utf-8"))
SAMPLES = defaultdict(list)
ERRORS = defaultdict(int)
_next_member = itertools.count()
_next_reader = itertools.count()
_next_signer = itertools.count()
APPLICATION = re.compile(r'data-application="(\d+)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGN_IN_USERS = int(os.environ.get("BENCH_SIGN_IN_USERS", "5"))


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    SAMPLES[name].append(response_time)
    if exception is not None:
        ERRORS[name] += 1


@events.quitting.add_listener
def _write(environment, **kwargs):
    Path(os.environ["BENCH_LOCUST_OUT"]).write_text(
        json.dumps({"samples": SAMPLES, "errors": ERRORS}), encoding="utf-8"
    )


def _cookie(session):
    return f"sessionid={session['session']}; csrftoken={session['csrf']}"


class Visitor(FastHttpUser):
    weight = 10
    wait_time = between(1, 3)

    def on_start(self):
        members = FIXTURES["loop"]["members"]
        self.me = members[next(_next_member) % len(members)]
        self.application = None
        number = next(_next_reader)
        self.sessions = {
            role: pool[number % len(pool)] for role, pool in FIXTURES["pools"].items()
        }

    def _check(self, response, marker):
        # Only the prepared session is ever sent: drop anything the server set.
        self.client.cookiejar.clear()
        if response.status_code != 200:
            response.failure(f"status {response.status_code}")
        elif marker not in (response.text or ""):
            response.failure("marker missing")
        else:
            response.success()

    def _read(self, name):
        page = FIXTURES["bare"] if name == "bare" else FIXTURES["pages"][name]
        session = self.sessions[page["role"]]
        with self.client.get(
            page["path"],
            name=name,
            headers={"Cookie": _cookie(session)},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self._check(response, page["marker"])

    @task
    def registry_list(self):
        self._read("registry_list")

    @task
    def wco_page(self):
        self._read("wco_page")

    @task
    def course_catalogue(self):
        self._read("course_catalogue")

    @task
    def course_page(self):
        self._read("course_page")

    @task
    def board_agenda(self):
        self._read("board_agenda")

    @task
    def my_page(self):
        self._read("my_page")

    @task
    def consultation_queue(self):
        self._read("consultation_queue")

    @task
    def network_landing(self):
        self._read("network_landing")

    @task
    def network_body(self):
        self._read("network_body")

    @task
    def contact_log(self):
        self._read("contact_log")

    @task
    def initiative_page(self):
        self._read("initiative_page")

    @task
    def fund_public_round(self):
        self._read("fund_public_round")

    @task
    def fund_round_reviews(self):
        self._read("fund_round_reviews")

    @task
    def fund_application(self):
        self._read("fund_application")

    @task
    def fund_ledger(self):
        self._read("fund_ledger")

    @task
    def industry_meeting(self):
        self._read("industry_meeting")

    @task
    def project_list(self):
        self._read("project_list")

    @task
    def course_applications(self):
        self._read("course_applications")

    @task
    def talent_request(self):
        self._read("talent_request")

    @task
    def talent_profile(self):
        self._read("talent_profile")

    @task
    def privacy_export(self):
        self._read("privacy_export")

    @task
    def privacy_erasure(self):
        self._read("privacy_erasure")

    @task
    def programme_page(self):
        self._read("programme_page")

    @task
    def site_months(self):
        self._read("site_months")

    @task
    def session_entry(self):
        self._read("session_entry")

    @task
    def period_report(self):
        self._read("period_report")

    @task
    def bare(self):
        self._read("bare")

    @task(2)
    def apply_or_cancel(self):
        course = FIXTURES["loop"]["course"]
        headers = {
            "Cookie": _cookie(self.me),
            "X-CSRFToken": self.me["csrf"],
            "HX-Request": "true",
            "HX-Current-URL": f"{self.host}/support/school/{course}/",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        if self.application is None:
            with self.client.post(
                f"/support/school/{course}/apply/",
                name="apply",
                data="privacy_consent=on",
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                self._check(response, 'id="course-application-state"')
                found = APPLICATION.search(response.text or "")
                if found:
                    self.application = found.group(1)
        else:
            with self.client.post(
                f"/support/school/applications/{self.application}/cancel/",
                name="cancel",
                data="",
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                self._check(response, 'id="quick-apply"')
                self.application = None


class SigningIn(FastHttpUser):
    """Someone who signs in with their password, reads a few pages and signs out."""

    fixed_count = SIGN_IN_USERS
    wait_time = between(1, 3)

    def on_start(self):
        accounts = FIXTURES["sign_in"]["emails"]
        self.email = accounts[next(_next_signer) % len(accounts)]
        self.signed_in = False
        self.reads = 0

    def _expect(self, response, marker):
        if response.status_code != 200:
            response.failure(f"status {response.status_code}")
        elif marker not in (response.text or ""):
            response.failure("marker missing")
        else:
            response.success()
            return True
        return False

    @task
    def session(self):
        if not self.signed_in:
            self._sign_in()
        elif self.reads >= 5:
            self._sign_out()
        else:
            name = "my_page_own" if self.reads % 2 == 0 else "course_catalogue_own"
            path = "/members/me/" if name == "my_page_own" else "/support/school/"
            with self.client.get(path, name=name, catch_response=True) as response:
                self._expect(response, 'id="main"')
            self.reads += 1

    def _sign_in(self):
        self.client.cookiejar.clear()
        with self.client.get(
            "/accounts/login/", name="sign_in_form", catch_response=True
        ) as response:
            found = CSRF_INPUT.search(response.text or "")
            if not self._expect(response, "csrfmiddlewaretoken") or not found:
                return
        with self.client.post(
            "/accounts/login/",
            name="sign_in",
            data={
                "login": self.email,
                "password": FIXTURES["sign_in"]["password"],
                "csrfmiddlewaretoken": found.group(1),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            catch_response=True,
        ) as response:
            # Followed to where a signed-in person lands.
            if self._expect(response, 'id="main"') and "/accounts/login/" not in (
                response.url or ""
            ):
                self.signed_in, self.reads = True, 0
            else:
                response.failure("not signed in")

    def _sign_out(self):
        token = next(
            (c.value for c in self.client.cookiejar if c.name == "csrftoken"), ""
        )
        with self.client.post(
            "/accounts/logout/",
            name="sign_out",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/members/me/"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
        self.signed_in = False
