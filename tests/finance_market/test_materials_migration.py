"""Data migration 0009: application materials already in Wagtail's 文档 library move to the private store,
every file kept byte for byte, and the documents leave the library; reversing puts them back."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.documents import get_document_model

from finance_market.checkout import attach
from finance_market.models import ApplicationAttachment
from tests.factories.members import EnterpriseFactory, InstitutionFactory

BEFORE = [("finance_market", "0008_application_materials_private_store")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_materials_in_the_document_library_move_to_the_private_store_with_every_byte():
    from finance_market import lifecycle

    enterprise = EnterpriseFactory(certified=True)
    application = lifecycle.submit(
        enterprise=enterprise, institution=InstitutionFactory(), by=enterprise.account, amount=1000000,
        term_months=12, purpose="补充流动资金", contact_person="张三", contact_phone="13800000000")
    attach(application, [SimpleUploadedFile("新材料.pdf", b"%PDF-1.4 new")], by=enterprise.account)
    try:
        old = migrate(BEFORE)
        Attachment = old.get_model("finance_market", "ApplicationAttachment")
        Document = old.get_model("wagtaildocs", "Document")
        Collection = old.get_model("wagtailcore", "Collection")
        # reversed: the newer material is behind a document again, same file
        back = Attachment.objects.get(application_id=application.pk)
        with default_storage.open(back.document.file.name, "rb") as stored:
            assert stored.read() == b"%PDF-1.4 new"
        # a material uploaded before the private store: a document of the private collection
        legacy_name = default_storage.save("documents/营业执照.pdf", ContentFile(b"%PDF-1.4 legacy"))
        document = Document.objects.create(title="DK 营业执照.pdf", file=legacy_name,
                                           collection=Collection.objects.get(depth=1), file_size=15)
        Attachment.objects.create(application_id=application.pk, document=document, file="", filename="")
    finally:
        migrate(latest())
    materials = {a.filename: a for a in ApplicationAttachment.objects.filter(application=application)}
    assert set(materials) == {"新材料.pdf", "营业执照.pdf"}
    for name, content in (("新材料.pdf", b"%PDF-1.4 new"), ("营业执照.pdf", b"%PDF-1.4 legacy")):
        assert materials[name].file.name.startswith("private/application_materials/")
        with materials[name].file.open("rb") as stored:
            assert stored.read() == content
    assert not get_document_model().objects.exists()
    assert not default_storage.exists(legacy_name)
