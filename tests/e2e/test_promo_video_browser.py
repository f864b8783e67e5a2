"""The home page's 宣传视频 in chromium: a player with controls, fetched from our own origin under the
page's CSP, and no serious or critical axe violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP
from tests.e2e.test_axe_browser import BLOCKING, WCAG_TAGS
from tests.factories import DocumentFactory, ImageFactory
from tests.factories.documents import VTT_BYTES


@pytest.mark.django_db(transaction=True)
def test_home_page_video_has_controls_loads_from_our_origin_and_passes_axe(live_server, page, home):
    home.promo_video_title = "融资服务平台介绍"
    home.promo_video = DocumentFactory(title="宣传片")
    home.promo_video_poster = ImageFactory(description="宣传片封面")
    home.promo_video_captions = DocumentFactory(file=ContentFile(VTT_BYTES, name="promo.vtt"))
    home.save_revision().publish()
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")

    video = page.get_by_role("region", name="融资服务平台介绍").locator("video")
    expect(video).to_be_visible()
    expect(video).to_have_attribute("controls", "")
    assert video.bounding_box()["width"] <= 960
    source = live_server.url + video.locator("source").get_attribute("src")
    with page.expect_response(lambda response: response.url == source) as media:
        video.evaluate("v => { v.preload = 'auto'; v.load(); }")  # what pressing play starts
    assert media.value.status in (200, 206) and media.value.headers["content-type"] == "video/mp4"
    assert blocked == []

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"] if v["impact"] in BLOCKING
    ]
    assert serious == []
