"""The 「贷款申请材料（不公开）」 collection of Wagtail's 文档 library goes: application materials live in their own
private store (``private/application_materials/``, migration 0009) and nothing puts files there any more, but the
empty collection stayed in the 文档 pickers, inviting uploads that would be neither private nor logged.

It is removed only when empty (no documents, images or sub-collections) together with its collection
permissions; a collection someone has since filled is left for a person to sort out (nothing is deleted that
holds a file). Reversing does not bring it back: migration 0009's reverse falls back to the root collection.
"""

from django.db import migrations

PRIVATE_COLLECTION = "贷款申请材料（不公开）"
STEPLEN = 4  # treebeard's path step of Wagtail's Collection


def remove_empty_private_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Document = apps.get_model("wagtaildocs", "Document")
    Image = apps.get_model("wagtailimages", "Image")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for collection in Collection.objects.filter(name=PRIVATE_COLLECTION):
        if (collection.numchild or Document.objects.filter(collection=collection).exists()
                or Image.objects.filter(collection=collection).exists()):
            continue
        GroupCollectionPermission.objects.filter(collection=collection).delete()
        parent = Collection.objects.filter(path=collection.path[:-STEPLEN]).first()
        collection.delete()
        if parent is not None and parent.numchild > 0:
            Collection.objects.filter(pk=parent.pk).update(numchild=parent.numchild - 1)


class Migration(migrations.Migration):

    dependencies = [
        ("finance_market", "0015_bank_credit_check"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(remove_empty_private_collection, migrations.RunPython.noop),
    ]
