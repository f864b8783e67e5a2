"""The merged fallback catalogue answers every message exactly as Django's chain of catalogues does."""

import pytest
from django.utils.translation import trans_real

from core.translation import flatten


def _chain(translation):
    node = translation._fallback
    while node is not None:
        yield node
        node = node._fallback


def _messages(translation):
    keys = set()
    for node in [translation, *_chain(translation)]:
        catalogue = node._catalog
        keys.update(
            catalogue.keys() if isinstance(catalogue, dict) else (key for part in catalogue._catalogs for key in part)
        )
    return sorted((k for k in keys if isinstance(k, str)), key=str)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_merged_fallbacks_translate_every_message_as_the_chain_did(language):
    chained = trans_real.DjangoTranslation(language)
    merged = flatten(trans_real.DjangoTranslation(language))
    messages = _messages(chained) + ["金融超市", "我的申请", "not a message anywhere"]

    assert [merged.gettext(m) for m in messages] == [chained.gettext(m) for m in messages]
    assert merged.ngettext("%(count)s page", "%(count)s pages", 3) == chained.ngettext(
        "%(count)s page", "%(count)s pages", 3
    )


def test_a_chinese_source_string_is_looked_up_in_at_most_two_catalogues():
    translation = trans_real.translation("zh-hans")

    assert len(list(_chain(translation))) <= 2
    assert len(list(_chain(trans_real.DjangoTranslation("zh-hans")))) > 2  # what Django builds: the chain
