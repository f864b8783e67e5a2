"""Graphic standards for images (000 §3.5): alt text always, heavy files never inline."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from demo.images import make_image_file
from tests.factories import ImageFactory, NewsPageFactory, heavy_image_file

pytestmark = pytest.mark.django_db


def images_in(response):
    return BeautifulSoup(response.content, "html.parser").select("main img")


def test_heavy_image_is_a_rendition_linked_to_its_larger_version(client, news_index):
    heavy = ImageFactory(heavy=True, description="园区航拍")
    assert heavy.get_file_size() > 100 * 1024
    page = NewsPageFactory(parent=news_index, body=[("image", {"image": heavy, "alt_text": "", "caption": ""})])
    (img,) = images_in(client.get(page.url))
    assert img["alt"] == "园区航拍"
    assert heavy.file.url not in img["src"], "the original upload must not be sent inline"
    link = img.find_parent("a")
    assert link is not None and "data-zoom" in link.attrs
    assert link["href"] != img["src"]
    assert client.get(img["src"]).status_code == 200
    assert client.get(link["href"]).status_code == 200


def test_light_image_is_inlined_without_a_zoom_link(client, news_index):
    light = ImageFactory(description="培训会场")
    assert light.get_file_size() < 100 * 1024
    page = NewsPageFactory(parent=news_index, body=[("image", {"image": light, "alt_text": "", "caption": ""})])
    (img,) = images_in(client.get(page.url))
    assert img["alt"] == "培训会场"
    assert img.find_parent("a") is None


def test_heavy_image_in_rich_text_is_also_linked(news_index):
    heavy = ImageFactory(heavy=True)
    html = expand_db_html(f'<embed embedtype="image" id="{heavy.pk}" format="fullwidth" alt="图注"/>')
    soup = BeautifulSoup(html, "html.parser")
    assert soup.a is not None and "data-zoom" in soup.a.attrs
    assert soup.img["alt"] == "图注"


def test_contextual_alt_text_overrides_the_library_description(client, news_index):
    image = ImageFactory(description="通用说明")
    block = {"image": image, "alt_text": "本文专用说明", "caption": ""}
    page = NewsPageFactory(parent=news_index, body=[("image", block)])
    (img,) = images_in(client.get(page.url))
    assert img["alt"] == "本文专用说明"


def test_gallery_row_shares_a_height_and_column_a_width(client, news_index):
    # three different shapes: wide, tall, and a heavy one
    images = [ImageFactory(), ImageFactory(file=make_image_file("tall.jpg", size=(300, 520))), ImageFactory(heavy=True)]
    items = [{"image": image, "alt_text": "", "caption": ""} for image in images]
    page = NewsPageFactory(parent=news_index, body=[
        ("gallery", {"layout": "row", "images": items}),
        ("gallery", {"layout": "column", "images": items}),
    ])
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    row = soup.select(".gallery--row img")
    column = soup.select(".gallery--column img")
    assert len(row) == 3 and len(column) == 3

    def ratios(imgs):
        return [int(img["width"]) / int(img["height"]) for img in imgs]

    # one aspect ratio per gallery, so CSS can give a row one height and a column one width
    # without distortion (the browser test measures the rendered sizes)
    assert all(r == pytest.approx(360 / 240, rel=0.02) for r in ratios(row)), ratios(row)
    assert all(r == pytest.approx(800 / 450, rel=0.02) for r in ratios(column)), ratios(column)


def test_admin_refuses_an_image_without_alt_text(client, superuser):
    client.force_login(superuser)
    upload = heavy_image_file("no-alt.png").file.getvalue()
    response = client.post("/admin/images/add/", {
        "title": "缺少说明", "description": "", "collection": 1, "tags": "",
        "file": SimpleUploadedFile("no-alt.png", upload, content_type="image/png"),
    })
    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="缺少说明").exists()
    form = response.context["form"]
    assert list(form.errors) == ["description"]
    assert "必需字段" in response.content.decode()


def test_every_img_on_every_page_type_has_alt_text(client, demo_site):
    from wagtail.models import Page

    checked = 0
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        for img in BeautifulSoup(response.content, "html.parser").find_all("img"):
            assert img.get("alt", "").strip(), f"{page.url}: {img}"
            assert not re.search(r"/original_images/", img["src"]), f"{page.url} inlines an original: {img['src']}"
            checked += 1
    assert checked >= 10


def test_a_page_whose_image_file_is_lost_still_opens(client, news_index):
    """An original missing from storage (a database restored without its media) shows a placeholder,
    not a 500 for the whole page."""
    image = ImageFactory(heavy=True, description="园区航拍")
    image.file.storage.delete(image.file.name)
    page = NewsPageFactory(parent=news_index, body=[("image", {"image": image, "alt_text": "", "caption": ""})])
    response = client.get(page.url)
    assert response.status_code == 200
    (img,) = images_in(response)
    assert img["alt"] == "园区航拍"
