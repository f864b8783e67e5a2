"""Images and documents uploaded in the Wagtail admin (F-SEC-8): type from content, images re-encoded
without metadata, decompression bombs refused with a Chinese message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.finance_market.test_upload_hygiene import jpeg_with_gps, png_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _add_image(client, name, content):
    return client.post("/admin/images/add/", {
        "title": "营业执照照片", "description": "营业执照照片", "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, content), "tags": "",
    })


def test_uploaded_image_is_re_encoded_without_exif(admin_client):
    response = _add_image(admin_client, "photo.jpg", jpeg_with_gps())
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    with image.file.open("rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
    assert not picture.getexif()
    assert (image.width, image.height) == (120, 80)


def test_image_bomb_is_refused_in_chinese(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    response = _add_image(admin_client, "bomb.png", png_of((2000, 2000)))
    assert response.status_code == 200
    assert "像素过多" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_document_whose_content_is_not_its_extension_is_refused(admin_client):
    response = admin_client.post("/admin/documents/add/", {
        "title": "通知", "collection": Collection.get_first_root_node().pk, "tags": "",
        "file": SimpleUploadedFile("通知.pdf", b"<html><script>alert(1)</script></html>"),
    })
    assert response.status_code == 200
    assert "内容与扩展名不符" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_real_pdf_document_is_accepted(admin_client):
    response = admin_client.post("/admin/documents/add/", {
        "title": "通知", "collection": Collection.get_first_root_node().pk, "tags": "",
        "file": SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%demo\n"),
    })
    assert response.status_code == 302
    assert get_document_model().objects.count() == 1
