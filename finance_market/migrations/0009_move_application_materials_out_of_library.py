"""Application materials leave Wagtail's 文档 library for their own private store (core.private_files).

Every ApplicationAttachment's file is copied from its Wagtail document to ``private/application_materials/…``
(a fresh name; the name people gave it is kept in ``filename``), then the document row and its old file are
removed, so platform admins no longer see, edit or delete materials under 文档. A file that cannot be read is
left where it is and the attachment points at it, so no material is lost. Reversing puts each file back behind
a document of the private collection (same file, no copy). Access to materials is logged from now on
(MaterialAccess).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations

import finance_market.models.applications

PRIVATE_COLLECTION = "贷款申请材料（不公开）"


def move_out_of_the_library(apps, schema_editor):
    Attachment = apps.get_model("finance_market", "ApplicationAttachment")
    for attachment in Attachment.objects.filter(document__isnull=False).select_related("document").order_by("pk"):
        document = attachment.document
        old_name = document.file.name
        filename = (attachment.filename or old_name.rsplit("/", 1)[-1] or document.title)[:255]
        try:
            with default_storage.open(old_name, "rb") as source:
                content = source.read()
        except OSError:  # missing from storage: keep pointing at it rather than lose the row
            attachment.file = old_name
            moved = False
        else:
            new_name = default_storage.save(finance_market.models.applications.material_path(attachment, filename),
                                            ContentFile(content))
            attachment.file = new_name
            moved = True
        attachment.filename = filename
        attachment.size = document.file_size or (len(content) if moved else 0)
        attachment.document = None
        attachment.save(update_fields=["file", "filename", "size", "document"])
        document.delete()
        if moved:
            default_storage.delete(old_name)


def back_into_the_library(apps, schema_editor):
    Attachment = apps.get_model("finance_market", "ApplicationAttachment")
    Document = apps.get_model("wagtaildocs", "Document")
    Collection = apps.get_model("wagtailcore", "Collection")
    collection = Collection.objects.filter(name=PRIVATE_COLLECTION).first() or Collection.objects.filter(
        depth=1).first()
    for attachment in Attachment.objects.filter(document__isnull=True).select_related("application"):
        document = Document.objects.create(
            title=f"{attachment.application.reference} {attachment.filename}"[:255], file=attachment.file.name,
            collection=collection, uploaded_by_user_id=attachment.uploaded_by_id, file_size=attachment.size or None)
        attachment.document = document
        attachment.save(update_fields=["document"])


class Migration(migrations.Migration):

    dependencies = [
        ("finance_market", "0008_application_materials_private_store"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(move_out_of_the_library, back_into_the_library),
    ]
