"""Which uploaded files anyone may fetch, and through which URL (docs/security.md, "Files").

MEDIA_ROOT holds public and private files side by side (Wagtail's documents share ``documents/``), so
/media/ serves only an allow-list of public folders; every document, public or not, goes through
Wagtail's /documents/<id>/<name> view, which checks its collection and (here) whether it is published.
"""

from pathlib import Path

from django.conf import settings

# The folders under MEDIA_ROOT whose files are public: Wagtail's image originals and renditions (every
# image is public: the admin has no private images) and the admin users' avatars (random names, linked
# only in the admin). Never documents/ (application materials, drafts), never wagtail_uploads/ (files
# uploaded in the admin whose form is not finished yet).
PUBLIC_MEDIA_FOLDERS = ("original_images", "images", "avatar_images")

_REFUSED_CHARACTERS = ("\\", "\x00", "%")

# Files that are nobody's business but their parties' (loan-application materials): under MEDIA_ROOT, so the
# backup holds them, but outside every public folder and outside Wagtail's documents/ library, so neither
# /media/ nor /documents/ serves them and no admin library lists them; only the owning app's
# permission-checked view reads them.
PRIVATE_FOLDER = "private"


def private_path(folder, filename, now=None):
    """A fresh, unguessable name for an upload under ``private/<folder>/<year>/<month>/``, keeping only the
    extension of ``filename`` (the name people gave the file is kept in the database, not on disk)."""
    import uuid

    from django.utils import timezone

    extension = Path(filename or "").suffix.lower()
    if not extension[1:].isalnum():
        extension = ""
    now = timezone.localtime(now) if now else timezone.localtime()
    return f"{PRIVATE_FOLDER}/{folder}/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"


def public_media_file(path):
    """(folder, name inside it) when the /media/ ``path`` names a file in a public folder, else None.

    ``path`` arrives URL-decoded. Any ``..``, ``.`` or empty segment, an absolute path, a backslash,
    a NUL or a ``%`` left after decoding (a double-encoded path; Wagtail's file names never hold one)
    is refused rather than normalised, so no spelling of a private file's path maps onto it; the real
    path (symlinks followed) must still lie inside the public folder.
    """
    if not path or any(character in path for character in _REFUSED_CHARACTERS):
        return None
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments) or len(segments) < 2:
        return None
    if segments[0] not in PUBLIC_MEDIA_FOLDERS:
        return None
    folder = (Path(settings.MEDIA_ROOT) / segments[0]).resolve()
    target = folder.joinpath(*segments[1:]).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        return None
    return folder, target.relative_to(folder).as_posix()


def is_published(document):
    """A live page uses ``document`` (as an attachment, a chosen file or a rich-text link): it was meant
    for visitors. Wagtail's reference index records what each page's current row uses, and a live
    page's row is its published version, so an attachment added in a draft is not published yet."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_ids = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)).values_list("object_id", flat=True)
    return Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids if pk.isdigit()]).exists()


def may_see_unpublished(user, document):
    """Those who may pick ``document`` in the admin (its collection's editors and reviewers, platform
    admins) read it before it is published, e.g. in a page preview."""
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(type(document))
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], document)
