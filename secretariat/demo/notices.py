"""Notices: two published (to all members, to the board), one staff draft."""

from .. import services


def notices(b):
    notice = services.notice_save(
        actor=b.staff,
        title="2026年度 定時社員総会の開催結果",
        text="定時社員総会において、2025年度事業報告及び決算が承認されました。",
        audience="all_members",
        send_email=False,
    )
    services.notice_publish(actor=b.staff, notice=notice)
    notice = services.notice_save(
        actor=b.staff,
        title="理事会資料の閲覧方法について",
        text="理事会の議案書はポータルの「議案」からスマートフォンでも閲覧できます。",
        audience="body",
        target_body=b.board,
        send_email=False,
    )
    services.notice_publish(actor=b.staff, notice=notice)
    services.notice_save(
        actor=b.staff,
        title="年末年始の事務局体制（下書き）",
        text="12月28日から1月5日まで事務局は休業します。",
        audience="staff",
        send_email=False,
    )
