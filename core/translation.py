"""One fallback catalogue instead of a chain of them (a gettext speed fix, no change in what is translated).

For 简体中文 Django loads every app's ``zh_Hans`` catalogue and, for apps that also ship a plain ``zh`` one
(Wagtail's and its dependencies'), chains each ``zh`` catalogue as a fallback behind the last: fourteen deep
here. Our own strings are written in Chinese, the source language, so they are in none of those catalogues
and every ``gettext`` walks the whole chain before returning the message unchanged — a few hundred walks
per page. Merging the chain into one dictionary (first catalogue wins, as in the chain) keeps every
answer the same and makes a miss cost two lookups.
"""

import copy
import gettext

from django.conf import settings
from django.utils.translation import trans_real


def _merge_chain(first):
    """The run of plain gettext catalogues starting at ``first`` as one, followed by what came after them."""
    run = []
    node = first
    while type(node) is gettext.GNUTranslations and (not run or _same_plural(run[0], node)):
        run.append(node)
        node = node._fallback
    if len(run) < 2:
        return first
    merged = copy.copy(run[0])
    catalogue = {}
    for translation in reversed(run):  # earlier catalogues override later ones, as the chain answers
        catalogue.update(translation._catalog)
    merged._catalog = catalogue
    merged._fallback = node
    return merged


def _same_plural(a, b):
    return all(a.plural(n) == b.plural(n) for n in (0, 1, 2, 5, 11, 21, 101))


def flatten(translation):
    """Merge every run of plain catalogues in ``translation``'s fallback chain (in place)."""
    node = translation
    while node is not None:
        if node._fallback is not None:
            node._fallback = _merge_chain(node._fallback)
        node = node._fallback
    return translation


def flatten_fallbacks(languages=None):
    """Flatten the translations Django uses for ``languages`` (default: settings.LANGUAGES)."""
    for code in languages or [code for code, _name in settings.LANGUAGES]:
        flatten(trans_real.translation(code))
