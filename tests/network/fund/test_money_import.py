"""Contributions from a bank's transfer list: a dry run that records nothing and says
what each row would do, then a commit of all the rows or none."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from network.fund import imports_money as imports
from network.fund import services_money as services
from network.fund.models import Contribution, LedgerTransaction
from tests.network import fund_helpers
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry

TODAY = timezone.localdate()
DAY = (TODAY - datetime.timedelta(days=3)).strftime("%Y/%m/%d")
URL = "network:fund_contribution_import"


def _csv(rows, *, encoding="utf-8", header="日付,金額,振込依頼人名,摘要"):
    text = "\r\n".join([header, *rows]) + "\r\n"
    return text.encode(encoding)


def _wco(demo):
    wco = demo.ctx.data["home_wco"]
    wco.name_kana = "ワーカーズコープ・ミナミ"
    wco.save()
    return wco


def _upload(client, data, name="transfers.csv"):
    return client.post(
        reverse(URL),
        {
            "source": fund_helpers.source().pk,
            "method": "transfer",
            "file": SimpleUploadedFile(name, data, "text/csv"),
        },
    )


def _commit(client, dry_run, *, include_duplicates=False):
    form = dry_run.context["commit_form"]
    data = {name: form.initial[name] for name in ("token", "digest", "digest_dup")}
    if include_duplicates:
        data["include_duplicates"] = "on"
    return client.post(reverse(URL), data)


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_the_dry_run_reads_each_encoding_and_matches_by_kana(demo, encoding):
    wco = _wco(demo)
    data = _csv(
        [
            f"{DAY},10000,ﾛｳｷﾖｳ)ﾜｰｶｰｽﾞｺｰﾌﾟﾐﾅﾐ,会費外寄付",
            f'{DAY},"3,000",ﾔﾏﾀﾞ ﾀﾛｳ,',
        ],
        encoding=encoding,
    )
    check = imports.transfers_check(data)
    first, second = check.rows
    assert first.outcome == imports.Outcome.ORGANIZATION
    assert first.organization == wco
    assert second.outcome == imports.Outcome.NAME
    assert second.amount == 3000
    assert check.total == 13_000
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_rows_in_error_are_shown_at_the_row_and_block_the_commit(client, demo):
    client.force_login(demo["staff"])
    future = (TODAY + datetime.timedelta(days=2)).strftime("%Y/%m/%d")
    dry_run = _upload(
        client,
        _csv(
            [
                f"{DAY},10000,ﾔﾏﾀﾞ ﾀﾛｳ,",
                f"{DAY},0,ｻﾄｳ ﾊﾅｺ,",
                f"{future},500,ｽｽﾞｷ,",
                "昨日,500,ｽｽﾞｷ,",
                f"{DAY},500,,",
            ]
        ),
    )
    assert dry_run.status_code == 200
    check = dry_run.context["check"]
    assert [row.outcome for row in check.rows] == [
        "name",
        "error",
        "error",
        "error",
        "error",
    ]
    assert check.rows[1].number == 3  # the file's row: the header is row 1
    page = dry_run.content.decode()
    assert "commit_form" not in page
    assert 'name="token"' not in page
    # Even a forged commit records nothing.
    token = imports.preview_keep(
        actor=demo["staff"],
        data=_csv([f"{DAY},0,ｻﾄｳ,"]),
        name="x.csv",
        source=fund_helpers.source(),
        method="transfer",
    )
    answer = client.post(
        reverse(URL), {"token": token, "digest": "x", "digest_dup": "x"}
    )
    assert answer.status_code == 200
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_dry_run_then_commit_records_every_row_once(client, demo):
    wco = _wco(demo)
    client.force_login(demo["staff"])
    dry_run = _upload(
        client,
        _csv(
            [
                f"{DAY},10000,ﾜｰｶｰｽﾞｺｰﾌﾟﾐﾅﾐ,",
                f"{DAY},3000,ﾔﾏﾀﾞ ﾀﾛｳ,ふるさと",
            ],
            encoding="cp932",
        ),
    )
    assert dry_run.status_code == 200
    assert not Contribution.objects.exists()
    done = _commit(client, dry_run)
    assert done.status_code == 302
    made = list(Contribution.objects.order_by("receipt_number"))
    assert [(c.organization, c.donor_name, c.amount) for c in made] == [
        (wco, "", 10_000),
        (None, "ヤマダ タロウ", 3_000),
    ]
    assert made[1].note == "ふるさと"
    assert LedgerTransaction.objects.filter(kind="contribution").count() == 2
    assert AuditEntry.objects.filter(action="fund_contribution.import").count() == 1
    # The token was used: a second commit records nothing more.
    _commit(client, dry_run)
    assert Contribution.objects.count() == 2
    # The same list again: every row is a likely duplicate, left out by default.
    again = _upload(
        client,
        _csv([f"{DAY},10000,ﾜｰｶｰｽﾞｺｰﾌﾟﾐﾅﾐ,", f"{DAY},3000,ﾔﾏﾀﾞ ﾀﾛｳ,"]),
    )
    check = again.context["check"]
    assert [row.outcome for row in check.rows] == ["duplicate", "duplicate"]
    assert check.rows[0].duplicate_of == made[0].receipt_number
    refused = _commit(client, again)
    assert Contribution.objects.count() == 2
    assert refused.status_code == 200
    _commit(client, again, include_duplicates=True)
    assert Contribution.objects.count() == 4


@pytest.mark.django_db
def test_a_duplicate_within_the_file_is_flagged(demo):
    check = imports.transfers_check(
        _csv([f"{DAY},3000,ﾔﾏﾀﾞ ﾀﾛｳ,", f"{DAY},3000,ﾔﾏﾀﾞ ﾀﾛｳ,"])
    )
    assert [row.outcome for row in check.rows] == ["name", "duplicate"]


@pytest.mark.django_db
def test_a_list_that_changed_since_the_dry_run_is_refused_whole(client, demo):
    client.force_login(demo["staff"])
    dry_run = _upload(client, _csv([f"{DAY},3000,ﾔﾏﾀﾞ ﾀﾛｳ,", f"{DAY},500,ｽｽﾞｷ,"]))
    # Someone records the same transfer meanwhile.
    services.contribution_record(
        actor=demo["staff"],
        data={
            "source": fund_helpers.source(),
            "donor_name": "ﾔﾏﾀﾞ ﾀﾛｳ",
            "amount": 3000,
            "received_on": datetime.date.fromisoformat(DAY.replace("/", "-")),
            "method": "transfer",
        },
    )
    answer = _commit(client, dry_run)
    assert answer.status_code == 200
    assert Contribution.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        b"",
        "名前,金額\r\nx,1\r\n".encode(),
        "日付,金額,振込依頼人名\r\n".encode(),
        b"\x00\x01\x02binary",
        b"\xff\xfe\xfd\xfc\x80\x81",
    ],
)
def test_an_unreadable_file_is_refused_at_the_file(demo, data):
    with pytest.raises(ServiceError) as refused:
        imports.transfers_check(data)
    assert refused.value.field == "file"


@pytest.mark.django_db
def test_the_upload_form_refuses_another_kind_of_file(client, demo):
    client.force_login(demo["staff"])
    answer = client.post(
        reverse(URL),
        {
            "source": fund_helpers.source().pk,
            "method": "transfer",
            "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf"),
        },
    )
    assert answer.status_code == 200
    assert "file" in answer.context["form"].errors


@pytest.mark.django_db
def test_a_token_is_for_its_user_only(client, demo):
    token = imports.preview_keep(
        actor=demo["staff"],
        data=_csv([f"{DAY},3000,ﾔﾏﾀﾞ,"]),
        name="x.csv",
        source=fund_helpers.source(),
        method="transfer",
    )
    check = imports.transfers_check(_csv([f"{DAY},3000,ﾔﾏﾀﾞ,"]))
    with pytest.raises(ServiceError):
        imports.transfers_commit(
            actor=demo["secgen"], token=token, digest=check.digest()
        )
    assert not Contribution.objects.exists()
