"""Realistic load for `make bench`: 50 users who wait 1–3 s between requests.

Each user reads the measured pages with the prepared sessions of their roles and,
with a member session of its own, alternately applies to and cancels from the loop
course the way the course page's card does it (htmx POST, 200 with the card).
Every response is checked for status 200 and its page's marker; the exact response
times are written to $BENCH_LOCUST_OUT for the percentiles.
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
APPLICATION = re.compile(r'data-application="(\d+)"')


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
    wait_time = between(1, 3)

    def on_start(self):
        members = FIXTURES["loop"]["members"]
        self.me = members[next(_next_member) % len(members)]
        self.application = None

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
        session = FIXTURES["sessions"][page["role"]]
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
