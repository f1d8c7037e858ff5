from django.db import models
from django.utils.translation import gettext_lazy as _

from wco_sse.core.models import TrackedModel

KANAGAWA = "神奈川県"
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip
PREFECTURE_CHOICES = [(name, name) for name in PREFECTURES]


def local_government_check_digit(code5):
    """The check digit of a 5-digit local government code (全国地方公共団体コード)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


class Municipality(TrackedModel):
    """A municipality of Kanagawa (市町村) or a ward (区) of a designated city."""

    class Kind(models.TextChoices):
        DESIGNATED_CITY = "designated_city", _("Designated city")
        CITY = "city", _("City")
        WARD = "ward", _("Ward")
        TOWN = "town", _("Town")
        VILLAGE = "village", _("Village")

    code = models.CharField(_("local government code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=30)
    name_kana = models.CharField(_("name (kana)"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wards",
    )
    prefecture = models.CharField(_("prefecture"), max_length=10, default=KANAGAWA)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["code"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """横浜市緑区 and 相模原市緑区 are told apart by their city."""
        if self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name


class Industry(TrackedModel):
    """An industry W.Cos work in; industry meetings (業種別会議) hang off it."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
