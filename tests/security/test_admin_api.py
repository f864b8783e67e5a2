"""The admin API (/admin/api/main/documents/, /admin/api/main/images/) tells a department editor only about
the files their chooser offers: another department's private document or image is not found by id and is
not listed (security issue "private files", MEDIUM)."""

import pytest

from site_portal.channels import setup_department_channel
from tests.factories import DocumentFactory, ImageFactory, NewsIndexPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments(news_index):
    pbc = setup_department_channel("人民银行", NewsIndexPageFactory(parent=news_index, slug="pbc"))
    ndrc = setup_department_channel("发改委", NewsIndexPageFactory(parent=news_index, slug="ndrc"))
    return pbc, ndrc


@pytest.fixture
def pbc_author(departments):
    return UserFactory(username="pbc_author", groups=[departments[0].authors])


@pytest.mark.parametrize("kind, factory", [("documents", DocumentFactory), ("images", ImageFactory)])
def test_editor_gets_404_for_another_departments_file_and_200_for_their_own(client, departments, pbc_author,
                                                                           kind, factory):
    pbc, ndrc = departments
    own = factory(title="人民银行内部通知", collection=pbc.collection)
    theirs = factory(title="发改委未公开文件", collection=ndrc.collection)
    client.force_login(pbc_author)
    response = client.get(f"/admin/api/main/{kind}/{theirs.pk}/")
    assert response.status_code == 404
    assert "发改委未公开文件" not in response.content.decode()
    response = client.get(f"/admin/api/main/{kind}/{own.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == "人民银行内部通知"
    listing = client.get(f"/admin/api/main/{kind}/")
    assert listing.status_code == 200
    assert [item["title"] for item in listing.json()["items"]] == ["人民银行内部通知"]
    assert client.get(f"/admin/api/main/{kind}/find/?id={theirs.pk}").status_code == 404


def test_platform_admin_still_sees_every_department_file(client, departments, superuser):
    pbc, ndrc = departments
    documents = [DocumentFactory(collection=pbc.collection), DocumentFactory(collection=ndrc.collection)]
    client.force_login(superuser)
    for document in documents:
        assert client.get(f"/admin/api/main/documents/{document.pk}/").status_code == 200
