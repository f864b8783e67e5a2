"""Private files (security issue "private files"): every kind of private upload × every URL that has ever
named its file × the people who must not read it answers without the file, while the people it belongs
to still download it. Public uploads (images, documents of live pages) stay public.

Each test writes real files into its own MEDIA_ROOT (tests/conftest.py), so a 404 here is a refusal, not a
missing file: the positive controls at the end fetch the same kind of files with 200.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, CollectionViewRestriction, UploadedFile

from core.channels import setup_department_channel
from finance_market.checkout import attach
from policies.models import PolicyAttachment
from tests.enterprise_list.conftest import portal, xlsx_upload  # noqa: F401  (fixture)
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    NewsIndexPageFactory,
    PolicyIndexPageFactory,
    PolicyPageFactory,
    UserFactory,
)
from tests.factories.documents import PDF_BYTES
from tests.factories.members import make_uscc
from tests.finance_market.conftest import market, submit  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4\n%secret: balance sheet of the applicant\n"


def pdf(name):
    return ContentFile(SECRET, name=name)


def media_variants(name):
    """Every /media/ spelling that has reached the file ``name`` (a path under MEDIA_ROOT, documents/x.pdf)."""
    folder, _, rest = name.partition("/")
    return [
        f"/media/{name}",
        f"/media//{name}",
        f"/media/./{name}",
        f"/media/images/../{name}",
        f"/media/original_images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media/images/%2E%2E/{name}",
        f"/media/images/..%2F{name}",
        f"/media/images%2F..%2F{folder}%2F{rest}",
        f"/media/images/%252e%252e/{name}",
        f"/media/%{ord(folder[0]):02x}{folder[1:]}/{rest}",  # %64ocuments
        f"/media/{folder.upper()}/{rest}",
        f"/media/{folder.capitalize()}/{rest}",
        f"/media/{name}/",
        f"/media/images\\..\\{folder}\\{rest}",
        f"/media/images/%5c..%5c{folder}%5c{rest}",
    ]


def document_variants(document):
    """Wagtail's own document URL and near spellings of it."""
    base = f"/documents/{document.pk}/{document.filename}"
    return [base, f"{base}/", f"/documents/{document.pk}/{document.filename.upper()}", f"/documents//{document.pk}/"
            f"{document.filename}"]


def login_redirect(response):
    return response.status_code == 302 and response.url.startswith("/accounts/login/?next=")


def get_as(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def assert_refused(client, user, urls, expected):
    """Every URL answers ``expected`` ("404" or "login") for ``user``, never the file."""
    for url in urls:
        response = get_as(client, user, url)
        assert response.status_code != 200, f"{url} served the file to {user}"
        if expected == "404":
            assert response.status_code == 404, (url, user, response.status_code)
        else:
            assert login_redirect(response), (url, user, response.status_code, response.get("Location"))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def private(market):  # noqa: F811
    """One file of each private kind, with the people each belongs to and the people it must not reach."""
    f = SimpleNamespace(market=market)
    # application materials of 甲企业's application to 甲银行 (checkout and resubmission both use attach())
    f.application = submit(market.ent_a, market.product_a)
    attach(f.application, [SimpleUploadedFile("资产负债表.pdf", SECRET)], by=market.ent_a.account)
    f.material = f.application.attachments.get()

    # a department's documents: one on a never-published policy page, one added to a live page's draft
    index = NewsIndexPageFactory(parent=market.index.get_parent(), slug="pbc", title="人民银行动态")
    f.pbc = setup_department_channel("人民银行", index)
    f.ndrc = setup_department_channel("发改委", NewsIndexPageFactory(parent=index.get_parent(), slug="ndrc"))
    f.pbc_author = UserFactory(username="pbc_author", groups=[f.pbc.authors])
    f.ndrc_author = UserFactory(username="ndrc_author", groups=[f.ndrc.authors])
    policies = PolicyIndexPageFactory(parent=index.get_parent(), slug="policies-pbc")
    f.draft_page = PolicyPageFactory(parent=policies, slug="draft", title="征求意见稿", live=False)
    f.draft_document = DocumentFactory(title="征求意见稿附件", file=pdf("征求意见稿.pdf"), collection=f.pbc.collection)
    f.draft_page.attachments = [PolicyAttachment(document=f.draft_document)]
    f.draft_page.save()

    f.live_page = PolicyPageFactory(parent=policies, slug="live", title="已发布政策")
    f.live_page.save_revision().publish()
    f.pending_document = DocumentFactory(title="待发布附件", file=pdf("待发布附件.pdf"), collection=f.pbc.collection)
    f.live_page.attachments = [PolicyAttachment(document=f.pending_document)]
    f.live_page.save_revision()  # a draft of the live page: the attachment is not published yet

    # a document in a collection only one group may read
    readers = Group.objects.create(name="内部资料·读者")
    internal = Collection.get_first_root_node().add_child(name="内部资料")
    restriction = CollectionViewRestriction.objects.create(collection=internal,
                                                           restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.add(readers)
    f.internal_document = DocumentFactory(title="内部资料", file=pdf("内部资料.pdf"), collection=internal)
    f.reader = UserFactory(username="reader", groups=[readers])

    # an image uploaded through the admin's multiple upload, waiting for its description (wagtail_uploads/)
    f.unfinished = UploadedFile.objects.create(file=ContentFile(SECRET, name="营业执照.pdf"), for_content_type=None)

    f.strangers = {"anonymous": None, "another enterprise": market.ent_b.account, "another bank": market.staff_b}
    return f


def test_private_files_exist_on_disk(private, settings):
    """The refusals below are about access, not missing files: every private file was written to MEDIA_ROOT."""
    for name in (private.material.file.name, private.draft_document.file.name,
                 private.pending_document.file.name, private.internal_document.file.name, private.unfinished.file.name):
        assert (settings.MEDIA_ROOT / name).read_bytes() == SECRET, name


@pytest.mark.parametrize("who", ["anonymous", "another enterprise", "another bank"])
def test_application_materials_reach_no_stranger(client, private, who):
    user = private.strangers[who]
    assert private.material.file.name.startswith("private/application_materials/")  # the private store
    assert_refused(client, user, media_variants(private.material.file.name), "404")
    download = f"/market/attachments/{private.material.pk}/"
    assert_refused(client, user, [download, f"{download}?view=1"], "login" if user is None else "404")


def test_application_materials_reach_the_enterprise_and_the_receiving_bank(client, private):
    for user in (private.market.ent_a.account, private.market.staff_a):
        response = get_as(client, user, f"/market/attachments/{private.material.pk}/")
        assert response.status_code == 200, user
        assert body(response) == SECRET
        assert_refused(client, user, media_variants(private.material.file.name), "404")


@pytest.mark.parametrize("who", ["anonymous", "another enterprise", "another bank", "another department"])
def test_documents_of_unpublished_pages_reach_no_stranger(client, private, who):
    user = private.ndrc_author if who == "another department" else private.strangers[who]
    for document in (private.draft_document, private.pending_document):
        assert_refused(client, user, media_variants(document.file.name), "404")
        assert_refused(client, user, document_variants(document), "404")


def test_documents_of_unpublished_pages_reach_their_department(client, private):
    for document in (private.draft_document, private.pending_document):
        response = get_as(client, private.pbc_author, f"/documents/{document.pk}/{document.filename}")
        assert response.status_code == 200, document
        assert body(response) == SECRET


def test_a_pending_attachment_is_public_once_its_page_is_published(client, private):
    document = private.pending_document
    private.live_page.get_latest_revision().publish()
    response = get_as(client, None, f"/documents/{document.pk}/{document.filename}")
    assert response.status_code == 200 and body(response) == SECRET
    assert_refused(client, None, media_variants(document.file.name), "404")  # still never under /media/


@pytest.mark.parametrize("who", ["anonymous", "another enterprise", "another bank"])
def test_documents_of_a_private_collection_reach_no_stranger(client, private, who):
    user = private.strangers[who]
    document = private.internal_document
    assert_refused(client, user, media_variants(document.file.name), "404")
    assert_refused(client, user, document_variants(document)[:1], "login")
    assert_refused(client, user, document_variants(document)[1:], "404")


def test_documents_of_a_private_collection_reach_its_readers(client, private):
    document = private.internal_document
    response = get_as(client, private.reader, f"/documents/{document.pk}/{document.filename}")
    assert response.status_code == 200 and body(response) == SECRET


@pytest.mark.parametrize("who", ["anonymous", "another enterprise", "another bank"])
def test_unfinished_admin_uploads_are_never_served(client, private, who):
    assert_refused(client, private.strangers[who], media_variants(private.unfinished.file.name), "404")


def test_a_nul_in_the_path_is_refused_before_any_view(client, private):
    """core.middleware answers 400 to any path holding a NUL (serve_media would refuse it too)."""
    name = private.material.file.name
    for url in (f"/media/{name}%00", f"/media/images/%00/../{name}", f"/media/{name}%00.jpg"):
        assert get_as(client, None, url).status_code == 400, url


def test_a_symlink_in_a_public_folder_does_not_lead_to_a_private_file(client, private, settings):
    name = private.material.file.name
    images = settings.MEDIA_ROOT / "images"
    images.mkdir(exist_ok=True)
    (images / "photo.pdf").symlink_to(settings.MEDIA_ROOT / name)
    (images / "all").symlink_to(settings.MEDIA_ROOT / name.rsplit("/", 1)[0], target_is_directory=True)
    assert get_as(client, None, "/media/images/photo.pdf").status_code == 404
    assert get_as(client, None, f"/media/images/all/{name.split('/')[-1]}").status_code == 404


def test_list_imports_leave_no_file_behind(client, portal, settings):  # noqa: F811
    """Excel imports are read in memory and never stored: nothing of them can be served afterwards."""
    client.force_login(portal.level1)
    upload = xlsx_upload([["企业名称*", "统一社会信用代码*"], ["新锐电子有限公司", make_uscc(7101)]])
    response = client.post(f"/admin/list-import/list/{portal.growth.pk}/", {"file": upload, "action": "draft"})
    assert response.status_code == 302
    stored = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []
    assert stored == []


# Public uploads stay public: the refusals above are not a /media/ that serves nothing.

def test_images_and_their_renditions_are_served_from_media(client, home):
    image = ImageFactory()
    rendition = image.get_rendition("fill-100x100")
    for url in (image.file.url, rendition.url):
        assert url.startswith("/media/original_images/") or url.startswith("/media/images/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")


def test_attachment_of_a_live_page_is_public_through_documents_only(client, policy_index):
    document = DocumentFactory(title="政策原文", file=ContentFile(PDF_BYTES, name="政策原文.pdf"))
    page = PolicyPageFactory(parent=policy_index, slug="open", title="公开政策")
    page.attachments = [PolicyAttachment(document=document)]
    page.save_revision().publish()
    response = client.get(document.url)
    assert response.status_code == 200 and body(response) == PDF_BYTES
    assert_refused(client, None, media_variants(document.file.name), "404")
