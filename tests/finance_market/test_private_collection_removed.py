"""Data migration 0014: the empty 「贷款申请材料（不公开）」 collection leaves the 文档 library (materials live in the
private store), with its permissions; a collection someone filled since is kept, files and all."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission

from tests.factories.documents import DocumentFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("finance_market.migrations.0016_remove_private_materials_collection")
NAME = migration.PRIVATE_COLLECTION


def private_collection():
    collection = Collection.get_first_root_node().add_child(name=NAME)
    group = Group.objects.create(name="平台管理员·文档")
    GroupCollectionPermission.objects.create(group=group, collection=collection,
                                             permission=Permission.objects.get(codename="add_document"))
    return collection


def test_the_empty_private_collection_is_removed_with_its_permissions(client, cast):
    collection = private_collection()
    client.force_login(cast.level1)
    assert NAME in client.get("/admin/documents/multiple/add/").content.decode()  # offered for uploads before
    migration.remove_empty_private_collection(apps, None)
    assert not Collection.objects.filter(name=NAME).exists()
    assert not GroupCollectionPermission.objects.filter(collection_id=collection.pk).exists()
    root = Collection.get_first_root_node()
    assert root.numchild == root.get_children().count()  # the tree stays consistent
    root.add_child(name="新栏目")  # and takes new collections
    assert NAME not in client.get("/admin/documents/multiple/add/").content.decode()


def test_a_filled_collection_is_kept(cast):
    collection = private_collection()
    document = DocumentFactory(collection=collection)
    migration.remove_empty_private_collection(apps, None)
    assert Collection.objects.filter(pk=collection.pk).exists() and document.collection_id == collection.pk


def test_no_collection_no_change(cast):
    before = Collection.objects.count()
    migration.remove_empty_private_collection(apps, None)
    assert Collection.objects.count() == before
