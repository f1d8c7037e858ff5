"""The Social Solidarity Economy Fund in the browser, from application to paid award:
a W.Co's representative applies (a wrong submission first), the secretariat screens,
the fund committee declares, scores and recommends, the network section sends it to
the board, the board approves (its meeting through the secretariat's services, tested
in the browser elsewhere), the secretariat prepares an advance payment and another
member confirms it; the representative sees it paid and reads the award notice."""

import re

import pytest

from network.fund import ledger
from network.models import Award, FundApplication, FundRound, Payment
from tests.browser.conftest import csp_reports, path_of, sign_in, sign_out
from tests.conftest import DEMO_PASSWORD
from tests.network.fund import review_helpers as rh
from tests.network.fund_helpers import funded_round
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.browser

S = FundApplication.Status

SEEN = []  # (path, English words) of the pages seen


def english_on(page):
    """Runs of English words in the page (untranslated text), beside the
    names, formats and addresses written in Latin letters and the language menu's
    "English"."""
    text = page.title() + "\n" + page.locator("body").inner_text()
    text = re.sub(
        r"[\w.+-]+@[\w.-]+|[\w.-]+\.pdf\b|W\.Co|SSE|PDF|PNG|JPEG|XLSX|DOCX|CSV|English"
        r"|https?://\S+",
        "",
        text,
    )
    found = re.findall(r"[A-Za-z]{3,}(?:[ ,.:;'-]+[A-Za-z]{2,})*", text)
    if found:
        SEEN.append((path_of(page), found))
    return found


def submit_form(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()
    english_on(page)


def fill_line(page, index, category, description, amount, from_fund):
    page.select_option(f"#id_lines-{index}-category", category)
    page.fill(f"#id_lines-{index}-description", description)
    page.fill(f"#id_lines-{index}-amount", amount)
    page.fill(f"#id_lines-{index}-from_fund", from_fund)


def test_from_application_to_paid_award(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    fund_round = funded_round(
        title="2027年度 地域づくり助成 第2回",
        rubric=rh.rubric(),
        requires_prior_consultation=False,
    )
    home = rh.home(demo)
    assert balanced()

    # 1. The representative finds the call and starts a draft.
    # Not signed in yet: the call offers to sign in, and comes back to apply.
    SEEN.clear()
    page.goto(f"{base}/network/fund/open/{fund_round.pk}/")
    english_on(page)
    assert page.locator("main h1").inner_text() == fund_round.title
    with page.expect_navigation():
        page.get_by_role("link", name="ログインして申請する").click()
    page.locator("#id_login").fill("rep@example.org")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form[action*='/accounts/login/'] [type=submit]").click()
    assert path_of(page) == f"/network/fund/open/{fund_round.pk}/apply/"
    english_on(page)
    page.select_option("#id_organization", str(home.pk))
    submit_form(page, "下書きを作成")
    assert re.search(r"/applications/\d+/edit/$", page.url)
    application = FundApplication.objects.get(round=fund_round, organization=home)
    assert application.status == S.DRAFT

    # 2. The form: contacts, project, amounts, lines, declarations; a draft saved.
    page.fill("#id_contact_name", "山田 花子")
    page.fill("#id_contact_phone", "045-000-0000")
    page.fill("#id_contact_email", "yamada@example.org")
    page.fill("#id_accounting_name", "佐藤 一郎")
    page.fill("#id_project_title", "地域の居場所づくり")
    page.fill("#id_purpose", "地域の高齢者と子どもが集える居場所をつくる。")
    page.fill("#id_content", "週2回の食堂と月1回の交流会を開く。")
    page.fill("#id_project_start", "2027-04-01")
    page.fill("#id_project_end", "2028-03-31")
    page.fill("#id_expected_participants", "120")
    page.fill("#id_amount_requested", "300,000")
    page.fill("#id_total_cost", "400000")
    # The lines add up to 350,000, not to the total of 400,000.
    fill_line(page, 0, "personnel", "調理スタッフ謝金", "200000", "200000")
    fill_line(page, 1, "supplies", "食材・消耗品", "150000", "100000")
    page.check("#id_declares_no_antisocial_forces")
    page.check("#id_declares_no_political_religious_aims")
    submit_form(page, "下書きを保存")
    assert "保存" in page.locator(".alert-success").inner_text()
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.amount_requested == 300_000

    # A wrong submission: the lines don't add up; the reason shows, nothing is sent.
    submit_form(page, "保存して提出")
    top = page.locator("main form .alert-danger").first
    assert "350,000円" in top.inner_text() and "一致しません" in top.inner_text()
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert page.locator("#id_lines-1-amount").input_value() == "150,000"

    # Corrected, and submitted.
    page.fill("#id_lines-1-amount", "200000")
    submit_form(page, "保存して提出")
    assert "提出" in page.locator(".alert-success").inner_text()
    assert page.locator("main h1 .badge").inner_text() == "提出済み"
    assert page.get_by_role("link", name="申請書を記入する").count() == 0
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.total_cost == 400_000
    sign_out(page)

    # 3. The secretariat screens it eligible, from the round's review list.
    FundRound.objects.filter(pk=fund_round.pk).update(status=FundRound.Status.REVIEW)
    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/network/fund/rounds/{fund_round.pk}/")
    english_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name="審査一覧を開く").click()
    english_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("地域の居場所づくり")).click()
    english_on(page)
    page.locator("input[name=decision][value=eligible]").check()
    submit_form(page, "保存")
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    sign_out(page)

    # The fund committee: a declaration before anything, then the scores.
    sign_in(page, base, "fund@example.org")
    page.goto(f"{base}/network/fund/rounds/{fund_round.pk}/reviews/")
    english_on(page)
    row = page.locator("tr", has_text="地域の居場所づくり")
    assert row.get_by_role("link", name="採点する").count() == 0
    assert row.get_by_role("link", name="申告する").count() == 1
    # From the fund's dashboard (審査待ち): the declaration comes first.
    page.goto(f"{base}/network/fund/")
    english_on(page)
    with page.expect_navigation():
        page.locator("#review-waiting + ul").get_by_role(
            "link", name=re.compile("地域の居場所づくり")
        ).click()
    english_on(page)
    # Only the name and the title before the declaration: not the budget.
    assert "調理スタッフ謝金" not in page.content()
    page.locator("input[name=conflicted][value=no]").check()
    submit_form(page, "保存")
    assert re.search(r"/applications/\d+/review/", page.url)
    criteria = list(fund_round.rubric.criteria.all())
    assert criteria
    for criterion in criteria:
        page.fill(f"#id_score_{criterion.pk}", str(min(4, criterion.max_score)))
    page.fill("#id_comment", "地域のニーズが高い。")
    submit_form(page, "採点を保存する")
    assert page.locator(".alert-success").count() == 1
    assert application.reviews.count() == 1

    # The recommendation, from the application's page.
    page.goto(f"{base}/network/fund/applications/{application.pk}/")
    english_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name="推薦を記録する").click()
    english_on(page)
    page.locator("input[name=recommend][value=yes]").check()
    assert page.locator("#id_amount").input_value() in ("300000", "300,000")
    page.fill("#id_amount", "350000")  # more than asked: refused
    page.fill("#id_reasons", "地域のニーズが高く、計画も具体的である。")
    submit_form(page, "保存")
    assert "300,000" in page.locator("main form").inner_text()
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    page.fill("#id_amount", "250000")
    page.fill("#id_reasons", "地域のニーズが高く、計画も具体的である。")
    submit_form(page, "保存")
    application.refresh_from_db()
    assert application.status == S.RECOMMENDED
    assert application.recommended_amount == 250_000
    sign_out(page)

    # 4. The network section sends it to the board: one item for decision.
    sign_in(page, base, "network@example.org")
    page.goto(f"{base}/network/fund/rounds/{fund_round.pk}/reviews/")
    english_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name="理事会に付議する").click()
    english_on(page)
    page.fill("#id_minutes_reference", "第3回まちづくり会議 議事録")
    submit_form(page, "保存")
    assert re.search(r"/secretariat/items/\d+/$", page.url)
    application.refresh_from_db()
    item = application.agenda_item
    assert application.status == S.AT_BOARD
    assert item.kind == "deliberation"
    assert item.subject_id == application.pk
    assert item.subject_type.model == "fundapplication"
    sign_out(page)

    # The board's meeting, through the secretariat's services: 可決.
    item = rh.placed_and_held(demo, item)
    rh.decide(demo, item, "approve")
    application.refresh_from_db()
    assert application.status == S.AWARDED
    award = Award.objects.get(application=application)
    assert award.amount == 250_000

    # 5. The secretariat prepares an advance payment; it can't confirm its own.
    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/network/fund/awards/{award.pk}/")
    english_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name="支払の起票").click()
    english_on(page)
    page.select_option("#id_kind", Payment.Kind.ADVANCE)
    page.fill("#id_amount", "250000")
    submit_form(page, "支払を起票する")
    assert re.search(rf"/awards/{award.pk}/(#payment-\d+)?$", page.url)
    payment = Payment.objects.get(award=award)
    assert payment.status == Payment.Status.PREPARED
    assert page.get_by_role("button", name="確認して記帳する").count() == 0
    refused = page.request.post(
        f"{base}/network/fund/payments/{payment.pk}/confirm/",
        headers={"X-CSRFToken": csrf_token(page)},
    )
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PREPARED
    assert "ご自身が起票したもの" in refused.text()
    sign_out(page)

    # The secretary general confirms it.
    sign_in(page, base, "secgen@example.org")
    page.goto(f"{base}/network/fund/awards/{award.pk}/")
    english_on(page)
    submit_form(page, "確認して記帳する")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CONFIRMED
    sign_out(page)

    # The representative sees it paid, and the award notice.
    sign_in(page, base, "rep@example.org")
    page.goto(f"{base}/network/fund/applications/mine/")
    english_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name="地域の居場所づくり").click()
    english_on(page)
    with page.expect_navigation():
        page.get_by_role("link", name=award.number).click()
    english_on(page)
    assert page.locator(f"#payment-{payment.pk}").inner_text().count("支払済み") == 1
    # The board's award email leads there too.
    email = OutboundEmail.objects.get(
        template="fund_review_awarded", to="rep@example.org"
    )
    link = re.search(r"https?://\S+/network/fund/awards/\d+/", email.body_text)
    assert link, email.body_text
    page.goto(base + re.sub(r"^https?://[^/]+", "", link.group(0)))
    assert page.locator("main h1").inner_text().startswith(f"交付決定 {award.number}")
    # The console so far (Chromium's own PDF viewer, opened next, asks for
    # /favicon.ico, which the site does not serve: left to the platform).
    console_on_pages = list(console)
    with page.expect_response(re.compile(r"/notice\.pdf")) as notice:
        page.get_by_role("button", name="交付決定通知書（PDF）").click()
    assert notice.value.ok
    assert notice.value.headers["content-type"] == "application/pdf"
    assert page.request.get(notice.value.url).body().startswith(b"%PDF-")

    assert SEEN == []
    # 6. No console error, no CSP report; the books balance.
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
    assert console_on_pages == []
    assert balanced()


def balanced():
    books = ledger.trial_balance()
    return books["total"] == 0 and books["unbalanced"] == []


def csrf_token(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
