"""The admin API's documents and images endpoints (/admin/api/main/documents/, /admin/api/main/images/)
answer only about what the user's chooser offers: Wagtail's own endpoints check collection *view*
restrictions only, so an editor could read the title and download URL of another department's files
by id. Registered over Wagtail's in site_portal.wagtail_hooks (the admin's JavaScript expects both
endpoints to exist, so they are narrowed rather than removed)."""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry


def choosable(queryset, user):
    """``queryset`` narrowed to what ``user``'s chooser lists (Wagtail's collection permission policy)."""
    policy = policy_registry.get_by_type(queryset.model)
    return queryset.filter(pk__in=policy.instances_user_has_any_permission_for(user, ["choose"]).values("pk"))


class ChooserDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return choosable(super().get_queryset(), self.request.user)


class ChooserImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return choosable(super().get_queryset(), self.request.user)
