"""Facet values a visitor should see that are not a column of the page: one name per real thing.

* 金融机构: a case names its bank as typed (工商银行); it is counted under the institution's own name
  (中国工商银行市分行), like the bank's products, when the name, one of its synonyms (search.synonyms)
  or a part of the institution's name matches.
* 发布部门: a news item or policy belongs to the department whose channel (GovernmentDepartment.channel_pages)
  holds it, not to its sub-channel's name (人民银行动态); a policy outside every department's channel is
  counted under its issuing authority, mapped to a department by name or synonym when one matches.

Each function takes the objects' pks and returns {pk: value}, for search.documents (at indexing).
"""

from members.models import FinancialInstitution, GovernmentDepartment
from search.analysis import dictionary


def canonical(name, known):
    """The entry of ``known`` (names) that ``name`` stands for, else ``name``: equal, a synonym, or contained in it
    (工商银行 → 中国工商银行市分行)."""
    name = (name or "").strip()
    if not name or name in known:
        return name or None
    spellings = [name, *dictionary.synonyms().of(name)]
    for spelling in spellings:
        if spelling in known:
            return spelling
    for spelling in sorted(spellings, key=len, reverse=True):
        containing = sorted((entry for entry in known if len(spelling) > 1 and spelling in entry), key=len)
        if containing:
            return containing[0]
    return name


def case_institutions(model, pks):
    known = list(FinancialInstitution.objects.values_list("name", flat=True))
    names = model._default_manager.filter(pk__in=pks).values_list("pk", "institution_name")
    return {pk: canonical(name, known) for pk, name in names}


def _channel_departments():
    """[(channel page path, department name)], deepest channels first."""
    through = GovernmentDepartment.channel_pages.through
    channels = through.objects.values_list("page__path", "governmentdepartment__name")
    return sorted(channels, key=lambda item: -len(item[0]))


def channel_departments(model, pks):
    channels = _channel_departments()
    paths = model._default_manager.filter(pk__in=pks).values_list("pk", "path")
    return {pk: next((name for prefix, name in channels if path.startswith(prefix)), None) for pk, path in paths}


def policy_departments(model, pks):
    found = channel_departments(model, pks)
    missing = [pk for pk, name in found.items() if not name]
    if missing:
        known = list(GovernmentDepartment.objects.values_list("name", flat=True))
        for pk, authority in model._default_manager.filter(pk__in=missing).values_list("pk", "issuing_authority"):
            found[pk] = canonical(authority, known)
    return found
