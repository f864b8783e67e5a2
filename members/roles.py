"""Groups and what each may do (DESIGN §4). Everything here is idempotent and built from Wagtail's and
Django's own permission tables, so the Wagtail admin enforces it without custom checks.

- 平台一级管理员: every model permission, every page (root) and every collection.
- 平台二级管理员: admin access only; each assigned channel adds a 「平台二级管理员·<栏目>」 group with
  add/change/publish/delete rights on that channel's subtree and nothing else.
- 人民银行·监管: admin access and members.supervise_applications (read all applications later).
- one group per institution: admin access and view/change of FinancialInstitution, narrowed to its own
  record by the admin (wagtail_hooks.InstitutionPermissionHelper).
- per department: author and reviewer groups from core.channels.setup_department_channel.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from core.channels import grant_admin_access, grant_page_rights

LEVEL1 = "平台一级管理员"
LEVEL2 = "平台二级管理员"
SUPERVISORS = "人民银行·监管"

ALL_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
LEVEL2_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
INSTITUTION_PERMISSIONS = ("view_financialinstitution", "change_financialinstitution")


def _members_permissions(*codenames):
    return list(Permission.objects.filter(content_type__app_label="members", codename__in=codenames))


@transaction.atomic
def ensure_platform_groups():
    """Create or refresh the platform groups; returns {name: Group}. Run again after new apps migrate."""
    level1, _ = Group.objects.get_or_create(name=LEVEL1)
    level1.permissions.set(Permission.objects.all())
    root = Page.get_first_root_node()
    grant_page_rights(level1, root, ALL_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    for permission in Permission.objects.filter(
        content_type__app_label__in=("wagtailimages", "wagtaildocs", "site_portal"),
        codename__regex=r"^(add|change|delete|choose)_(image|document|portalimage)$",
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=level1, collection=root_collection, permission=permission
        )

    level2, _ = Group.objects.get_or_create(name=LEVEL2)
    grant_admin_access(level2)

    supervisors, _ = Group.objects.get_or_create(name=SUPERVISORS)
    grant_admin_access(supervisors)
    supervisors.permissions.add(*_members_permissions("supervise_applications"))
    return {LEVEL1: level1, LEVEL2: level2, SUPERVISORS: supervisors}


def channel_group_name(page):
    return f"{LEVEL2}·{page.title}"


@transaction.atomic
def assign_level2_channel(user, page):
    """Let level-2 admin ``user`` manage the channel ``page`` (and its subtree) and nothing else."""
    level2, _ = Group.objects.get_or_create(name=LEVEL2)
    grant_admin_access(level2)
    channel_group, _ = Group.objects.get_or_create(name=channel_group_name(page))
    grant_admin_access(channel_group)
    grant_page_rights(channel_group, page, LEVEL2_PAGE_PERMISSIONS)
    user.groups.add(level2, channel_group)
    return channel_group


def level2_channels(user):
    """The channel pages a level-2 admin may manage."""
    page_ids = GroupPagePermission.objects.filter(
        group__user=user, group__name__startswith=f"{LEVEL2}·"
    ).values_list("page_id", flat=True)
    return Page.objects.filter(pk__in=page_ids).order_by("path")


def group_names(user):
    """The names of ``user``'s groups, read once per user object (so once per request: the admin's menus and
    list rows ask for the platform roles dozens of times). A change through ``user.groups`` forgets them
    (members/signals.py)."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, "_portal_group_names", None)
    if names is None:
        names = user._portal_group_names = frozenset(user.groups.values_list("name", flat=True))
    return names


def in_group(user, name):
    return name in group_names(user)


def is_platform_admin(user):
    return user.is_authenticated and (user.is_superuser or in_group(user, LEVEL1))


def is_supervisor(user):
    """人民银行·监管 (members.supervise_applications)."""
    return user.is_authenticated and user.has_perm("members.supervise_applications")


def can_read_all(user):
    """Platform admins and 人民银行 supervisors read every application (and its reports) and may urge."""
    return is_platform_admin(user) or is_supervisor(user)


def user_institution(user):
    """The financial institution whose staff ``user`` is, or None."""
    return getattr(user, "institution", None) if user.is_authenticated else None


def may_manage_account(editor, account):
    """A superuser manages every account; anyone else only accounts that are not superusers and whose every
    group is within the editor's own rights (so level 1 manages level 1, but no one manages upwards)."""
    if editor.is_superuser:
        return True
    return not account.is_superuser and all(holds_rights_of(editor, group) for group in account.groups.all())


def _ancestor_paths(node):
    """The treebeard paths of ``node`` and its ancestors (a page's or a collection's)."""
    return [node.path[:end] for end in range(node.steplen, len(node.path) + 1, node.steplen)]


def holds_rights_of(user, group):
    """True when ``user`` already has every right ``group`` gives, on Wagtail's three axes: its model
    permissions, and each page or collection permission on that node or an ancestor of it. Only then may
    ``user`` put anyone (themselves included) into ``group``: no one hands out more than they hold."""
    if user.is_superuser:
        return True
    own = user.get_all_permissions()
    if any(f"{app_label}.{codename}" not in own
           for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")):
        return False
    own_groups = list(user.groups.all())
    for granted in group.page_permissions.select_related("page"):
        if not GroupPagePermission.objects.filter(group__in=own_groups, permission_id=granted.permission_id,
                                                  page__path__in=_ancestor_paths(granted.page)).exists():
            return False
    for granted in group.collection_permissions.select_related("collection"):
        if not GroupCollectionPermission.objects.filter(
                group__in=own_groups, permission_id=granted.permission_id,
                collection__path__in=_ancestor_paths(granted.collection)).exists():
            return False
    return True


def institution_reviewers_name(institution):
    return f"{institution.name}·产品审核"


def setup_institution_reviewers(institution):
    """The institution's product reviewers (「<机构>·产品审核」): the first step of its pages' review workflow
    (finance_market.setup gives it its rights there). Admin access only; its members are normally also in the
    institution's staff group, which is what makes them the institution's people (User.institution)."""
    group, _ = Group.objects.get_or_create(name=institution_reviewers_name(institution))
    grant_admin_access(group)
    return group


def setup_institution_group(institution):
    """The institution's own group (「<机构>·机构用户」): admin access and its own record in the admin."""
    group, _ = Group.objects.get_or_create(name=f"{institution.name}·机构用户")
    grant_admin_access(group)
    group.permissions.add(*_members_permissions(*INSTITUTION_PERMISSIONS))
    return group


@transaction.atomic
def setup_department(department, pages=None):
    """Give ``department`` its author/reviewer groups, collection and workflow on each channel page."""
    from core.channels import setup_department_channel

    pages = list(pages) if pages is not None else list(department.channel_pages.all())
    channel = None
    for page in pages:
        channel = setup_department_channel(department.name, page)
    if pages:
        department.channel_pages.add(*pages)
    if channel is not None:
        department.authors = channel.authors
        department.reviewers = channel.reviewers
        department.save(update_fields=["authors", "reviewers"])
    return channel


@transaction.atomic
def copy_group(source, name):
    """复制角色 (F-ROLE-7): a new group with ``source``'s model permissions, page permissions and collection
    permissions — the three axes Wagtail's group editor shows. Members are not copied."""
    copy = Group.objects.create(name=name)
    copy.permissions.set(source.permissions.all())
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=copy, page_id=page_id, permission_id=permission_id)
        for page_id, permission_id in source.page_permissions.values_list("page_id", "permission_id"))
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=copy, collection_id=collection_id, permission_id=permission_id)
        for collection_id, permission_id in source.collection_permissions.values_list("collection_id",
                                                                                      "permission_id"))
    return copy


def level2_admins():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=LEVEL2, is_active=True).distinct().order_by("username")


@transaction.atomic
def revoke_level2_channel(user, page):
    """Take channel ``page`` away from level-2 admin ``user`` (the channel group stays for others)."""
    group = Group.objects.filter(name=channel_group_name(page)).first()
    if group is not None:
        user.groups.remove(group)
    return group
