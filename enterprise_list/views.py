"""The detail page of one listed enterprise (F-LIST-2, F-ROLE-5): banks and other institution users and
platform staff open it from a list to see the enterprise's funding need and contacts. Visitors are sent
to log in; any other account gets 403. It is never cached (it carries contacts)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from wagtail.models import Site

from enterprise_list.models import EnterpriseListRow
from enterprise_list.queries import can_see_contacts, live_lists


def row_detail(request, page, row_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_contacts(request.user):
        raise PermissionDenied(_("企业详情及联系方式仅对金融机构会员和平台管理员开放。"))
    row = get_object_or_404(EnterpriseListRow.objects.select_related("industry", "region"), page=page, pk=row_id)
    site_lists = live_lists(Site.find_for_request(request).root_page)
    other_listings = (
        EnterpriseListRow.objects.filter(credit_code=row.credit_code, page__in=site_lists)
        .exclude(pk=row.pk).select_related("page").order_by("-page__year", "page__path")
    )
    context = {
        "page": page, "self": page, "row": row,
        "other_listings": [(other.page.row_url(other, request), other) for other in other_listings],
    }
    response = TemplateResponse(request, "enterprise_list/row_detail.html", context)
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, private=True, no_store=True)
    return response
