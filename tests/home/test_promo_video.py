"""The home page's 宣传视频 (F-HOME-7): a self-hosted video editors choose in the HomePage panel, refused
when it is not really a video, shown with its poster and captions, left out when unset or private."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import DocumentFactory, ImageFactory
from tests.factories.documents import MP4_BYTES, PDF_BYTES, VTT_BYTES, WEBM_BYTES
from tests.finance_market.test_upload_hygiene import png_of

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def vtt_document():
    return DocumentFactory(title="字幕", file=ContentFile(VTT_BYTES, name="promo.vtt"))


@pytest.fixture
def home_with_video(home):
    home.promo_video_title = "融资服务平台介绍"
    home.promo_video = DocumentFactory(title="宣传片")
    home.promo_video_poster = ImageFactory(description="宣传片封面")
    home.promo_video_captions = vtt_document()
    home.save_revision().publish()
    return home


def test_home_shows_the_video_with_controls_poster_and_chinese_captions(client, home_with_video):
    page = soup(client.get("/"))
    section = page.select_one("section.promo-video")
    assert section.h2.text == "融资服务平台介绍"
    video = section.video
    assert video.has_attr("controls") and video.has_attr("playsinline") and video["preload"] == "none"
    assert "fill-960x540" in video["poster"]
    source = video.source
    assert source["src"] == home_with_video.promo_video.url and source["type"] == "video/mp4"
    track = video.track
    assert (track["kind"], track["srclang"], track["label"]) == ("captions", "zh", "中文字幕")
    assert track.has_attr("default") and track["src"] == home_with_video.promo_video_captions.url
    download = section.select_one(".promo-video__download a")
    assert download["href"] == source["src"] and "下载视频" in download.text


def test_the_urls_the_player_uses_answer_with_video_and_caption_types(client, home_with_video):
    video = soup(client.get("/")).select_one("section.promo-video video")
    response = client.get(video.source["src"])
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == MP4_BYTES
    captions = client.get(video.track["src"])
    assert captions.status_code == 200 and captions["Content-Type"].startswith("text/vtt")


def test_webm_video_is_offered_with_its_own_type_and_without_a_track_when_no_captions(client, home):
    home.promo_video_title = "宣传片"
    home.promo_video = DocumentFactory(file=ContentFile(WEBM_BYTES, name="promo.webm"))
    home.save_revision().publish()
    video = soup(client.get("/")).select_one("section.promo-video video")
    assert video.source["type"] == "video/webm"
    assert video.track is None and not video.has_attr("poster")


def test_home_has_no_video_section_when_none_is_set(client, home):
    page = soup(client.get("/"))
    assert page.select_one("section.promo-video") is None and page.find("video") is None


def test_a_video_moved_into_a_private_collection_is_neither_shown_nor_served_to_visitors(client, home_with_video):
    private = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    video = home_with_video.promo_video
    url = video.url
    video.collection = private
    video.save()
    assert soup(client.get("/")).find("video") is None
    assert client.get(url).status_code == 302  # to the login page, not the file


def test_clean_refuses_a_pdf_chosen_as_the_video(home):
    home.promo_video_title = "宣传片"
    home.promo_video = DocumentFactory(file=ContentFile(PDF_BYTES, name="通知.pdf"))
    with pytest.raises(ValidationError) as refused:
        home.full_clean()
    assert refused.value.message_dict["promo_video"] == ["宣传视频必须是 MP4 或 WebM 格式的视频文件。"]


def test_clean_refuses_a_stored_file_named_mp4_that_is_not_a_video(home):
    home.promo_video_title = "宣传片"
    home.promo_video = DocumentFactory(file=ContentFile(b"<html><script>alert(1)</script>", name="promo.mp4"))
    with pytest.raises(ValidationError) as refused:
        home.full_clean()
    assert "promo_video" in refused.value.message_dict


def test_clean_asks_for_a_title_and_webvtt_captions(home):
    home.promo_video = DocumentFactory()
    home.promo_video_captions = DocumentFactory(file=ContentFile(b"1\n00:00:00,000 --> 00:00:04,000\n", name="a.srt"))
    with pytest.raises(ValidationError) as refused:
        home.full_clean()
    errors = refused.value.message_dict
    assert errors["promo_video_captions"] == ["字幕必须是 WebVTT（.vtt）格式的文件。"]
    assert "请填写视频标题" in errors["promo_video_title"][0]


def test_clean_refuses_a_video_from_a_private_collection(home):
    private = Collection.get_first_root_node().add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    home.promo_video_title = "宣传片"
    home.promo_video = DocumentFactory(collection=private)
    with pytest.raises(ValidationError) as refused:
        home.full_clean()
    assert "不公开的文档集" in refused.value.message_dict["promo_video"][0]


def test_editor_sees_the_promo_video_panel(client, superuser, home):
    client.force_login(superuser)
    content = client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert "宣传视频" in content and "字幕文件" in content


def _upload(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": name,
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("宣传片.mp4", MP4_BYTES),
        ("宣传片.webm", WEBM_BYTES),
        ("字幕.vtt", VTT_BYTES),
        ("字幕-bom.vtt", b"\xef\xbb\xbf" + VTT_BYTES),
    ],
)
def test_real_video_and_caption_uploads_are_accepted(client, superuser, name, content):
    client.force_login(superuser)
    assert _upload(client, name, content).status_code == 302
    assert get_document_model().objects.get().filename == name


@pytest.mark.parametrize(
    "name, content",
    [
        ("宣传片.mp4", png_of((8, 8))),
        ("宣传片.webm", b"<html><body>not a video</body></html>"),
        ("字幕.vtt", b"<html><script>alert(1)</script></html>"),
        ("字幕.vtt", b"1\n00:00:00,000 --> 00:00:04,000\nSRT, not WebVTT\n"),
        ("照片.mp4", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),  # a HEIF picture, not a video
    ],
)
def test_files_renamed_to_video_or_caption_types_are_refused_in_chinese(client, superuser, name, content):
    client.force_login(superuser)
    response = _upload(client, name, content)
    assert response.status_code == 200
    assert "内容与扩展名不符" in response.content.decode()
    assert not get_document_model().objects.exists()


def _edit_form_data(client, page):
    """What the editor's browser would post back from the page's edit form, unchanged."""
    form = soup(client.get(f"/admin/pages/{page.pk}/edit/")).find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.text
        else:
            data[name] = field.get("value", "")
    for stream in ("service_cards", "quick_links"):  # drawn by JavaScript; empty on the test's home page
        data.setdefault(f"{stream}-count", "0")
    return data


def test_editor_choosing_a_pdf_as_the_video_gets_a_chinese_error_on_the_field(client, superuser, home):
    client.force_login(superuser)
    pdf = DocumentFactory(title="通知", file=ContentFile(PDF_BYTES, name="通知.pdf"))
    data = _edit_form_data(client, home)
    data.update(promo_video_title="宣传片", promo_video=str(pdf.pk))
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{home.pk}/edit/", data)
    assert response.status_code == 200
    assert "宣传视频必须是 MP4 或 WebM 格式的视频文件。" in response.content.decode()
    home.refresh_from_db()
    assert home.promo_video is None


def test_editor_publishes_a_real_video_from_the_panel(client, superuser, home):
    client.force_login(superuser)
    video = DocumentFactory(title="宣传片")
    data = _edit_form_data(client, home)
    data.update(promo_video_title="宣传片", promo_video=str(video.pk))
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{home.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    assert soup(client.get("/")).select_one("section.promo-video video source")["src"] == video.url
