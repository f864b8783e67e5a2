"""Application attachments (F-SEC-8): photographed documents lose their EXIF/GPS, bombs are refused in Chinese."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from finance_market.models import LoanApplication
from tests.finance_market.test_cart_checkout import _checkout_data, add

pytestmark = pytest.mark.django_db


def jpeg_with_gps():
    picture = Image.new("RGB", (120, 80), (200, 200, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPSInfo
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_of(size):
    buffer = io.BytesIO()
    Image.new("L", size).save(buffer, format="PNG")
    return buffer.getvalue()


def _submit(client, market, upload):
    add(client, market.product_a)
    data = _checkout_data(uuid.uuid4(), market, **{f"p{market.product_a.pk}-attachments": upload})
    return client.post("/market/cart/checkout/", data)


def test_attached_photo_is_stored_without_its_exif_and_gps(client, market):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the test's file really carries metadata
    client.force_login(market.ent_a.account)
    response = _submit(client, market, SimpleUploadedFile("营业执照.jpg", original, "image/jpeg"))
    assert response.status_code == 302
    material = LoanApplication.objects.get().attachments.get()
    with material.file.open("rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
    assert picture.format == "JPEG" and picture.size == (120, 80)
    assert not picture.getexif()


def test_decompression_bomb_is_refused_with_a_chinese_message(client, market, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    bomb = png_of((2000, 2000))  # a few KB on disk, four million pixels once decoded
    assert len(bomb) < 50_000
    client.force_login(market.ent_a.account)
    response = _submit(client, market, SimpleUploadedFile("扫描件.png", bomb, "image/png"))
    assert response.status_code == 200
    assert "像素过多" in response.content.decode()
    assert not LoanApplication.objects.exists()


def test_png_renamed_to_jpg_is_refused(client, market):
    client.force_login(market.ent_a.account)
    response = _submit(client, market, SimpleUploadedFile("照片.jpg", png_of((20, 20)), "image/jpeg"))
    assert "内容与扩展名不符" in response.content.decode()
    assert not LoanApplication.objects.exists()


def test_uploaded_materials_keep_their_names_as_shown_and_downloaded(client, market):
    client.force_login(market.ent_a.account)
    for _round in range(2):  # the second file of the same name makes the storage add a random suffix
        LoanApplication.objects.all().delete()
        _submit(client, market, SimpleUploadedFile("2025 年 资产负债表.pdf", b"%PDF-1.4 demo", "application/pdf"))
    item = LoanApplication.objects.get().attachments.get()
    assert item.file.name.rsplit("/", 1)[-1] != "2025 年 资产负债表.pdf"  # what the storage made of it
    page = client.get(f"/member/applications/{item.application.reference}/").content.decode()
    assert ">2025 年 资产负债表.pdf</a>" in page
    response = client.get(f"/market/attachments/{item.pk}/")
    assert "2025%20%E5%B9%B4%20%E8%B5%84%E4%BA%A7%E8%B4%9F%E5%80%BA%E8%A1%A8.pdf" in response["Content-Disposition"]
