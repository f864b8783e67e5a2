from django import template

from policies.feeds import channel_feed_url as feed_url_of

register = template.Library()


@register.simple_tag
def channel_feed_url(channel):
    """``{% channel_feed_url page as feed_url %}``: the RSS feed a channel page links (policies.feeds)."""
    return feed_url_of(channel)
