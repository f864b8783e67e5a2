"""Publishing guard: personal data and forbidden words stop a page or a public reply, showing where."""

import pytest
from django.contrib.messages import get_messages
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from consultations import lifecycle
from inspection import pii
from inspection.models import ForbiddenWord, InspectionSettings, RuleAction
from policies.models import NewsPage
from tests.factories import NewsPageFactory
from tests.factories.consultations import BoardPostFactory
from tests.factories.members import make_uscc
from tests.inspection.conftest import INVALID_ID, VALID_ID

pytestmark = pytest.mark.django_db


def news_form(body, action, title="新闻稿", slug="guarded"):
    return nested_form_data({
        "title": title, "slug": slug, "date": "2026-11-20", "category": "work", "source": "", "summary": "",
        "body": streamfield([("paragraph", rich_text(f"<p>{body}</p>"))]), action: action,
    })


def publish_new(client, user, channel, body, slug="guarded"):
    client.force_login(user)
    return client.post(f"/admin/pages/add/policies/newspage/{channel.page.pk}/", news_form(body, "action-publish",
                                                                                           slug=slug), follow=True)


def shown_messages(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request)) + response.content.decode()


def test_id_number_check_digit():
    assert pii.is_valid_id_number(VALID_ID)
    assert not pii.is_valid_id_number(INVALID_ID)
    assert pii.find_id_numbers(f"身份证{VALID_ID}号") and not pii.find_id_numbers(f"编号{INVALID_ID}")


def test_editor_publish_of_a_valid_id_number_is_blocked_and_shows_where(client, superuser, pbc):
    response = publish_new(client, superuser, pbc, f"联系人张三，身份证号{VALID_ID}，欢迎来电。")
    page = NewsPage.objects.get(slug="guarded")
    assert not page.live
    assert client.get("/news/pbc/guarded/").status_code == 404
    shown = shown_messages(response)
    assert "内容未发布" in shown and "正文" in shown and "身份证号码" in shown
    assert "身份证号110***********002X，欢迎来电" in shown  # the place, without repeating the number


def test_invalid_checksum_number_does_not_block(client, superuser, pbc):
    publish_new(client, superuser, pbc, f"项目编号{INVALID_ID}已立项。")
    page = NewsPage.objects.get(slug="guarded")
    assert page.live
    assert client.get("/news/pbc/guarded/").status_code == 200


def test_workflow_approval_of_a_page_with_an_id_number_is_refused(client, author, reviewer, pbc):
    client.force_login(author)
    client.post(f"/admin/pages/add/policies/newspage/{pbc.page.pk}/",
                news_form(f"申请人身份证{VALID_ID}", "action-submit", slug="in-review"))
    page = NewsPage.objects.get(slug="in-review")
    task_state = page.current_workflow_state.current_task_state
    client.force_login(reviewer)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""},
                           follow=True)
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"  # the approval was rolled back too
    shown = shown_messages(response)
    assert "内容未发布" in shown and "正文" in shown and "身份证号码" in shown


def test_workflow_approval_of_clean_content_still_publishes(client, author, reviewer, pbc):
    client.force_login(author)
    client.post(f"/admin/pages/add/policies/newspage/{pbc.page.pk}/",
                news_form("银企对接会顺利召开。", "action-submit", slug="clean"))
    page = NewsPage.objects.get(slug="clean")
    task_state = page.current_workflow_state.current_task_state
    client.force_login(reviewer)
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert page.live


def test_editing_a_live_page_to_add_a_mobile_number_keeps_the_old_version_live(client, superuser, pbc):
    page = NewsPageFactory(parent=pbc.page, slug="live-news", title="已发布")
    client.force_login(superuser)
    response = client.post(f"/admin/pages/{page.pk}/edit/",
                           news_form("咨询请拨13912345678", "action-publish", title="已发布", slug="live-news"),
                           follow=True)
    assert "手机号码" in shown_messages(response)
    assert "13912345678" not in client.get("/news/pbc/live-news/").content.decode()


def test_warn_rule_publishes_and_shows_the_place(client, superuser, pbc):
    settings = InspectionSettings.for_site(Site.objects.get(is_default_site=True))
    settings.mobile_action = RuleAction.WARN
    settings.save()
    response = publish_new(client, superuser, pbc, "咨询请拨13912345678")
    assert NewsPage.objects.get(slug="guarded").live
    assert "请注意" in shown_messages(response) and "手机号码" in shown_messages(response)


def test_forbidden_word_in_the_title_blocks(client, superuser, pbc):
    ForbiddenWord.objects.create(word="保证放款", action=RuleAction.BLOCK)
    client.force_login(superuser)
    response = client.post(f"/admin/pages/add/policies/newspage/{pbc.page.pk}/",
                           news_form("正文", "action-publish", title="三天保证放款"), follow=True)
    assert not NewsPage.objects.get(slug="guarded").live
    shown = shown_messages(response)
    assert "禁用词“保证放款”" in shown and "标题" in shown


def test_uscc_warns_by_default_without_blocking(client, superuser, pbc):
    response = publish_new(client, superuser, pbc, f"企业信用代码{make_uscc(7)}")
    assert NewsPage.objects.get(slug="guarded").live
    assert "统一社会信用代码" in shown_messages(response)


def test_public_board_reply_with_an_id_number_is_refused(superuser, home):
    post = BoardPostFactory()
    with pytest.raises(lifecycle.TransitionError) as refused:
        lifecycle.apply(post, "reply", superuser, text=f"请携带身份证{VALID_ID}到窗口办理")
    assert "身份证号码" in str(refused.value) and "回复内容" in str(refused.value)
    post.refresh_from_db()
    assert post.reply == ""
    lifecycle.apply(post, "reply", superuser, text=f"编号{INVALID_ID}已受理，请到窗口办理")
    post.refresh_from_db()
    assert "已受理" in post.reply


def test_author_cannot_bypass_the_guard_by_only_saving_drafts(client, author, pbc):
    """Drafts may hold anything (an editor fixes them later): only publishing is guarded."""
    client.force_login(author)
    client.post(f"/admin/pages/add/policies/newspage/{pbc.page.pk}/",
                news_form(f"身份证{VALID_ID}", "action-save", slug="draft"))
    assert NewsPage.objects.filter(slug="draft", live=False).exists()


def test_structured_contact_fields_are_not_free_text_but_the_list_intro_is(home):
    """An enterprise list's contact column is shown to institutions only (its app decides): not a leak. The same
    number typed into the public introduction is."""
    from inspection import guard
    from tests.factories.lists import (
        EnterpriseListIndexPageFactory,
        EnterpriseListPageFactory,
        EnterpriseListRowFactory,
    )

    lists = EnterpriseListIndexPageFactory(parent=home)
    page = EnterpriseListPageFactory(parent=lists, intro="")
    EnterpriseListRowFactory(page=page, contact_phone="13712345678", project_summary="技术改造")
    assert guard.scan_page(page) == []
    page.intro = "<p>联系人电话13712345678</p>"
    assert [hit.rule for hit in guard.blocking(guard.scan_page(page))] == ["手机号码"]
