"""Channel (栏目) rights and review: a department's groups, collection and workflow on its subtree.

Built from Wagtail's own machinery: GroupPagePermission for the subtree, a Collection with
GroupCollectionPermission for its images and documents, and a Workflow whose GroupApprovalTask
belongs to the department's reviewers (author submits → reviewer approves or returns → live).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

AUTHOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


@dataclass
class Channel:
    page: Page
    authors: Group
    reviewers: Group
    collection: Collection
    workflow: Workflow


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _collection_permissions():
    """add/change/choose for images and documents.

    Wagtail checks these against its base Image and Document models even when a custom
    image model (PortalImage) is in use, so the permissions are those of the base models.
    """
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    permissions = []
    for model in (Image, Document):
        content_type = ContentType.objects.get_for_model(model)
        name = model._meta.model_name
        permissions += list(
            Permission.objects.filter(
                content_type=content_type, codename__in=[f"{action}_{name}" for action in ("add", "change", "choose")]
            )
        )
    return permissions


def grant_admin_access(group):
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))


def collection_named(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def grant_page_rights(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(codename))


def grant_collection_rights(group, collection):
    for permission in _collection_permissions():
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def review_workflow(name, reviewer_groups):
    """A workflow of one GroupApprovalTask per step, in order (部门审核, then 平台审核); each step is
    ``(task name, group)`` or ``(task name, [groups])`` when several groups may approve it."""
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    for order, (task_name, groups) in enumerate(reviewer_groups):
        task = GroupApprovalTask.objects.filter(name=task_name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.add(*(groups if isinstance(groups, (list, tuple)) else [groups]))
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": order})
    return workflow


@transaction.atomic
def setup_department_channel(department, page):
    """Give ``department`` (a name such as 人民银行) its channel ``page`` and return the Channel.

    Idempotent: calling it again changes nothing.
    """
    authors, _ = Group.objects.get_or_create(name=f"{department}·编辑")
    reviewers, _ = Group.objects.get_or_create(name=f"{department}·审核")
    collection = collection_named(department)
    for group in (authors, reviewers):
        grant_admin_access(group)
        grant_collection_rights(group, collection)
    grant_page_rights(authors, page, AUTHOR_PAGE_PERMISSIONS)
    grant_page_rights(reviewers, page, REVIEWER_PAGE_PERMISSIONS)
    workflow = review_workflow(f"{department}发布审核", [(f"{department}审核", reviewers)])
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return Channel(page=page, authors=authors, reviewers=reviewers, collection=collection, workflow=workflow)
