"""站内信 in the admin (收件箱): staff read their messages where they work, without the front-end member
centre. Only the signed-in user's own messages: another's is a 404, as if it did not exist."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from members import queries
from members.models import Message


def inbox_list(request):
    messages_qs = queries.inbox(request.user)
    state = request.GET.get("state", "")
    if state == "unread":
        messages_qs = messages_qs.filter(is_read=False)
    page = Paginator(messages_qs, 20).get_page(request.GET.get("p"))
    return TemplateResponse(request, "members/admin/inbox.html", {
        "title": _("收件箱"), "page_obj": page, "state": state, "unread": queries.unread_count(request.user),
    })


def inbox_detail(request, pk):
    message = queries.inbox(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404
    if not message.is_read:
        Message.objects.filter(pk=message.pk).update(is_read=True, read_at=timezone.now())
    return TemplateResponse(request, "members/admin/inbox_detail.html", {"title": message.title, "message": message})


@require_POST
def inbox_mark_all_read(request):
    count = queries.inbox(request.user).filter(is_read=False).update(is_read=True, read_at=timezone.now())
    messages.success(request, _("已将 %(count)d 条消息标为已读。") % {"count": count})
    return redirect("members_inbox:index")
