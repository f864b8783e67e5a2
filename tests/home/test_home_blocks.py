"""The home blocks the seeds name: pictures that load well, 诉求直达, 最新动态 and a banner that can be paused."""

import datetime

import pytest
from bs4 import BeautifulSoup

from consultations.models import Consultation, ConsultationStatus
from home.models import HomeBanner
from tests.factories import ImageFactory, PolicyPageFactory
from tests.factories.consultations import ConsultationFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_banners_are_webp_pictures_the_first_loaded_at_once_the_others_lazily(client, home):
    for n in range(2):
        HomeBanner.objects.create(page=home, sort_order=n, image=ImageFactory(description=f"轮播{n}"), title=f"横幅{n}")
    page = soup(client.get("/"))
    first, second = page.select(".banner picture")
    assert first.source["type"] == "image/webp" and first.source["srcset"].endswith(".webp")
    assert first.img["loading"] == "eager" and first.img["fetchpriority"] == "high"
    assert second.img["loading"] == "lazy"


def test_a_moving_banner_has_a_pause_button_and_a_single_one_none(client, home):
    HomeBanner.objects.create(page=home, image=ImageFactory(description="轮播"), title="横幅")
    assert soup(client.get("/")).select_one(".carousel-pause") is None  # nothing moves
    HomeBanner.objects.create(page=home, image=ImageFactory(description="轮播2"), title="横幅2")
    button = soup(client.get("/")).select_one(".banner-carousel button.carousel-pause")
    assert button["type"] == "button" and button["aria-pressed"] == "false" and button.text == "暂停轮播"
    assert button["data-play-label"] == "继续轮播"


def test_requests_block_shows_counts_by_status_without_the_private_question(client, home):
    asked = [ConsultationFactory(title=f"私密问题{n}") for n in range(3)]
    Consultation.objects.filter(pk=asked[0].pk).update(status=ConsultationStatus.ANSWERED)
    Consultation.objects.filter(pk=asked[1].pk).update(status=ConsultationStatus.ACCEPTED)
    section = soup(client.get("/")).find(id="requests-h").parent
    counts = [li.get_text(" ", strip=True) for li in section.select(".request-counts li")]
    assert counts == ["1 已解决", "1 处理中", "1 待受理"]
    assert sorted(tag.text for tag in section.select(".request-list .status-tag")) == ["处理中", "已解决", "待受理"]
    assert "私密问题" not in section.text and "向平台的在线咨询" in section.text


def test_latest_activity_ticker_lists_news_and_policies_newest_first(client, home, policy_index):
    PolicyPageFactory(parent=policy_index, title="旧政策", date=datetime.date(2026, 10, 1))
    PolicyPageFactory(parent=policy_index, title="新政策", date=datetime.date(2026, 11, 3))
    ticker = soup(client.get("/")).find(id="activity-h").parent
    items = [li.get_text(" ", strip=True) for li in ticker.select("li")]
    assert items[:2] == ["政策 新政策 11-03", "政策 旧政策 10-01"]


def test_demo_pictures_are_small_jpeg_illustrations():
    from PIL import Image

    from demo.images import make_image_file

    banner = make_image_file("横幅.jpg", size=(1200, 360), seed=1)
    data = banner.file.getvalue()
    assert data[:3] == b"\xff\xd8\xff" and len(data) < 80_000
    picture = Image.open(banner.file)
    assert len(set(picture.resize((60, 18)).getdata())) > 20  # a picture with shapes, not a flat colour
