from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.modal_workflow import render_modal_workflow

from inspection.guard import PublishBlocked
from inspection.signals import guard_active


def blocked_message(hits):
    return _("内容未发布：发现 %(count)d 处不宜公开的内容，请修改后再发布。%(places)s") % {
        "count": len(hits), "places": "；".join(str(hit) for hit in hits)}


class PublishGuardMiddleware:
    """Turns the guard on for back-office requests and turns a refused publication into the editor's message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = guard_active.set(request.path.startswith("/admin/"))
        try:
            return self.get_response(request)
        finally:
            guard_active.reset(token)

    def process_exception(self, request, exception):
        if not isinstance(exception, PublishBlocked):
            return None
        messages.error(request, blocked_message(exception.hits))
        target = reverse("wagtailadmin_pages:edit", args=[exception.obj.pk]) if exception.obj else "/admin/"
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(request, "", None, {}, json_data={"step": "success", "redirect": target})
        return redirect(target)
