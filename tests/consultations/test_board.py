"""Message board: anyone may post (captcha, rate limit per IP); nothing shows until approved."""

import uuid

import pytest

from consultations import lifecycle
from consultations.models import BoardPost, BoardStatus
from members.models import Message
from tests.factories.consultations import BoardPostFactory

pytestmark = pytest.mark.django_db


def post_data(**overrides):
    data = {"name": "张女士", "contact": "13912345678", "title": "贷款利率咨询", "body": "利率能否再优惠？",
            "captcha_0": "any", "captcha_1": "PASSED", "submission_key": str(uuid.uuid4())}
    return {**data, **overrides}


def test_anonymous_post_waits_for_moderation_then_shows_with_the_official_reply(client, people):
    response = client.post("/board/", post_data(), follow=True)
    assert "留言已提交，审核通过后将在本页公开。" in response.content.decode()
    post = BoardPost.objects.get()
    assert post.status == BoardStatus.PENDING and post.ip_address == "127.0.0.1"
    assert "贷款利率咨询" not in client.get("/board/").content.decode()
    assert Message.objects.filter(recipient=people.level1, title__contains="贷款利率咨询").exists()

    lifecycle.apply(post, "approve", people.level1, text="已转合作银行研究。")
    page = client.get("/board/").content.decode()
    assert "贷款利率咨询" in page and "已转合作银行研究。" in page


def test_pending_and_rejected_posts_never_appear(client, people):
    BoardPostFactory(title="还没审核的留言")
    rejected = BoardPostFactory(title="被拒绝的留言")
    lifecycle.apply(rejected, "reject", people.level1)
    approved_then_withdrawn = BoardPostFactory(title="撤下的留言")
    lifecycle.apply(approved_then_withdrawn, "approve", people.level1)
    lifecycle.apply(approved_then_withdrawn, "reject", people.level1)
    page = client.get("/board/").content.decode()
    assert "还没审核的留言" not in page and "被拒绝的留言" not in page and "撤下的留言" not in page
    assert "暂无公开留言。" in page


def test_contacts_are_masked_on_the_public_board(client, people):
    post = BoardPostFactory(contact="13812345678")
    lifecycle.apply(post, "approve", people.level1)
    page = client.get("/board/").content.decode()
    assert "138****5678" in page and "13812345678" not in page


def test_html_and_script_in_posts_are_shown_as_text(client, people):
    post = BoardPostFactory(title="<b>标题</b>", name="<img src=x onerror=alert(1)>",
                            body="<script>alert('x')</script>正文")
    lifecycle.apply(post, "approve", people.level1, text="<a href='javascript:alert(1)'>回复</a>")
    page = client.get("/board/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<a href='javascript" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;正文" in page
    assert "&lt;b&gt;标题&lt;/b&gt;" in page


def test_a_wrong_captcha_creates_nothing_and_keeps_what_was_typed(client, people):
    response = client.post("/board/", post_data(captcha_1="WRONG", body="我的长篇留言"))
    page = response.content.decode()
    assert "验证码不正确，请重新输入。" in page and "我的长篇留言" in page and 'value="张女士"' in page
    assert not BoardPost.objects.exists()


def test_missing_captcha_is_refused(client, people):
    data = post_data()
    del data["captcha_1"]
    assert "请输入验证码。" in client.post("/board/", data).content.decode()
    assert not BoardPost.objects.exists()


def test_one_address_is_limited_but_another_may_still_post(client, people, settings):
    settings.BOARD_POST_RATE_LIMIT = (2, 3600)
    for n in range(2):
        assert client.post("/board/", post_data(title=f"第{n}条")).status_code == 302
    response = client.post("/board/", post_data(title="第三条", body="被限流的内容"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "留言过于频繁，请稍后再试。" in page and "被限流的内容" in page
    assert BoardPost.objects.count() == 2
    assert client.post("/board/", post_data(title="另一地址"), REMOTE_ADDR="10.1.2.3").status_code == 302
    assert BoardPost.objects.count() == 3


def test_posting_the_same_form_twice_stores_one_post(client, people):
    data = post_data()
    client.post("/board/", data)
    client.post("/board/", data)
    assert BoardPost.objects.count() == 1
    assert Message.objects.filter(recipient=people.level1).count() == 1


def test_the_board_page_is_never_cached(client, people):
    assert "no-cache" in client.get("/board/")["Cache-Control"] or "no-store" in client.get("/board/")["Cache-Control"]


def test_moderator_approves_with_a_reply_in_the_admin(people, login):
    post = BoardPostFactory(title="后台审核的留言")
    client = login(people.level1)
    listing = client.get("/admin/consultations/boardpost/").content.decode()
    assert "后台审核的留言" in listing and "138****5678" in listing
    client.post(f"/admin/consultation-desk/board/{post.pk}/", {
        "action": "approve", "approve-text": "感谢建议。", "approve-submission_key": str(uuid.uuid4())})
    post.refresh_from_db()
    assert post.status == BoardStatus.APPROVED and post.reply == "感谢建议。" and post.replied_by == people.level1
