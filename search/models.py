"""The editable finance dictionary and the no-result query log."""

import hashlib

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from search.analysis import DICTIONARY_VERSION_KEY


class FinanceTerm(models.Model):
    """A word jieba must keep whole (e.g. 专精特新), edited by the editors as data."""

    word = models.CharField(_("词语"), max_length=30, unique=True)
    frequency = models.PositiveIntegerField(
        _("词频"), null=True, blank=True, help_text=_("留空则自动估计；数值越大越倾向于整体切分。")
    )
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("搜索词典词语")
        verbose_name_plural = _("搜索词典")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip()
        super().save(*args, **kwargs)
        bump_dictionary_version()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        bump_dictionary_version()
        return result


def bump_dictionary_version():
    """Tell every process's analyzer to reload the dictionary (within RELOAD_CHECK_SECONDS)."""
    from search.analysis import dictionary

    try:
        cache.incr(DICTIONARY_VERSION_KEY)
    except ValueError:
        cache.set(DICTIONARY_VERSION_KEY, 1, None)
    dictionary.invalidate()


class NoResultQuery(models.Model):
    """How often, per day, a query found nothing (Wagtail's query log counts all queries)."""

    query_string = models.CharField(_("搜索词"), max_length=255)
    date = models.DateField(_("日期"))
    hits = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        verbose_name = _("无结果搜索")
        verbose_name_plural = _("无结果搜索")
        constraints = [models.UniqueConstraint(fields=["query_string", "date"], name="unique_no_result_query_day")]

    def __str__(self):
        return self.query_string


class MatchVectorField(models.Field):
    """A ``tsvector`` on PostgreSQL (matched with ``@@``, GIN-indexed by migration 0004), plain nullable text
    elsewhere, where it stays empty: SQLite matches in its FTS5 table and Elasticsearch in its index."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


# the ``@@`` lookup, as on Django's SearchVectorField (its module needs psycopg, installed with PostgreSQL support)
try:
    from django.contrib.postgres.search import SearchVectorExact
except ImportError:  # pragma: no cover - no PostgreSQL driver installed
    pass
else:
    MatchVectorField.register_lookup(SearchVectorExact)


# what a facet group is made of (its key hashes these values, in this order)
FACET_GROUP_FIELDS = ("type", "visible", "category", "department", "institution", "product_type", "year")


class SearchFacetGroup(models.Model):
    """One distinct combination of facet values (and visibility) among the search documents.

    Documents point at their group, so the search page counts matches per ``group_id`` (one narrow integer)
    and reads the facet values from this small table; groups are never changed, only added."""

    key = models.CharField(_("键"), max_length=64, unique=True, editable=False)  # sha256 of the values below
    type = models.CharField(_("内容类型"), max_length=20)
    visible = models.BooleanField(_("可见"), default=True)
    category = models.CharField(_("分类"), max_length=255, null=True)
    department = models.CharField(_("发布部门"), max_length=255, null=True)
    institution = models.CharField(_("金融机构"), max_length=255, null=True)
    product_type = models.CharField(_("产品类型"), max_length=255, null=True)
    year = models.SmallIntegerField(_("年份"), null=True)

    FIELDS = FACET_GROUP_FIELDS

    class Meta:
        verbose_name = _("搜索分面组合")
        verbose_name_plural = _("搜索分面组合")

    def __str__(self):
        return "/".join(str(getattr(self, name)) for name in self.FIELDS)

    @classmethod
    def key_of(cls, values):
        """The key of a {field: value} mapping holding every name in FIELDS."""
        return facet_group_key(values)


def facet_group_key(values):
    """SearchFacetGroup.key: a digest of the type, visibility and facet values (also used by migration 0005)."""
    return hashlib.sha256(repr(tuple(values[name] for name in FACET_GROUP_FIELDS)).encode()).hexdigest()


class SearchDocument(models.Model):
    """One row per indexed object of a registered search type: what the search page filters and counts on.

    Written by the search backends whenever they index or remove an object (search.documents), so facet
    counts are one GROUP BY over this narrow table joined to the full-text match by ``entry_id``, instead
    of joining every matched page to its specific table. Pages' view restrictions are applied when
    searching (they change without the page being saved); ``visible`` is ``live`` / ``is_published``.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    # the database backend's IndexEntry id (the FTS5 rowid on SQLite); null on Elasticsearch
    entry_id = models.BigIntegerField(null=True, db_index=True)
    page_id = models.BigIntegerField(null=True, db_index=True)  # pages only, for the view restrictions
    type = models.CharField(max_length=20)
    visible = models.BooleanField(default=True)
    category = models.CharField(max_length=255, null=True)
    department = models.CharField(max_length=255, null=True)
    institution = models.CharField(max_length=255, null=True)
    product_type = models.CharField(max_length=255, null=True)
    date = models.DateField(null=True)
    year = models.SmallIntegerField(null=True)
    # the (type, visible, facet values) combination, for counting by group (search.documents fills it); indexed on
    # PostgreSQL only (migration 0006), where the ranking of a query narrowed by a facet filters by group
    group = models.ForeignKey(SearchFacetGroup, null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    # PostgreSQL only (see MatchVectorField): copies of the IndexEntry's vectors, so matching, counting and choosing
    # ranking candidates read this narrow table instead of the wide index (title weighted A in ``text_vector``)
    text_vector = MatchVectorField(null=True, editable=False)
    title_vector = MatchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("搜索文档")
        verbose_name_plural = _("搜索文档")
        # no index on type/visible: it would match nearly every row, and tempt SQLite to scan by it instead of
        # probing entry_id with the full-text matches
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_search_document")]

    def __str__(self):
        return f"{self.type}:{self.object_id}"


class SearchTermCount(models.Model):
    """How many documents of one facet group hold one indexed term (a lexeme of ``text_vector``), and how many
    hold it in their title (``title_vector``).

    Kept by search.documents on PostgreSQL in the same transaction as the documents, so the facet counts of a
    one-term query (贷款) are read here instead of counted over tens of thousands of matches. Empty elsewhere."""

    pk = models.CompositePrimaryKey("term", "group")
    term = models.TextField(_("词项"))
    group = models.ForeignKey(
        SearchFacetGroup, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    documents = models.IntegerField(_("文档数"), default=0)
    titles = models.IntegerField(_("标题含该词的文档数"), default=0)

    class Meta:
        verbose_name = _("搜索词项计数")
        verbose_name_plural = _("搜索词项计数")

    def __str__(self):
        return f"{self.term}@{self.group_id}: {self.documents}/{self.titles}"


class SearchCountedQuery(models.Model):
    """A frequent query of several words (科技创新: jieba's 科技 + 创新) whose facet counts SearchTermCount keeps under
    ``key`` as it keeps a word's (PostgreSQL), so the search page reads them instead of counting its matches. Chosen
    by the ``count_search_queries`` command among the query log's frequent queries with many matches."""

    key = models.TextField(_("计数键"), primary_key=True)  # search.documents.query_expansion()
    expression = models.TextField(_("检索表达式"))  # the to_tsquery string its documents match
    query = models.CharField(_("检索词"), max_length=255)  # the query as typed

    class Meta:
        verbose_name = _("计数的搜索")
        verbose_name_plural = _("计数的搜索")

    def __str__(self):
        return self.query


SYNONYM_SEPARATORS = r"[,，、;；\s]+"


class SearchSynonym(models.Model):
    """A group of words a visitor uses for one thing (工行, 工商银行, 中国工商银行): searching any of them finds
    the others. Platform admins edit the groups under 设置 › 搜索同义词."""

    terms = models.CharField(
        _("同义词组"), max_length=255,
        help_text=_("一组意思相同的词或简称，用逗号、顿号或空格分隔，例如：工行，工商银行，中国工商银行"),
    )
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ["terms"]

    def __str__(self):
        return "、".join(self.words())

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        synonyms_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        synonyms_changed()
        return result

    def words(self):
        import re

        return list(dict.fromkeys(word for word in re.split(SYNONYM_SEPARATORS, self.terms or "") if word))

    def clean(self):
        from django.core.exceptions import ValidationError

        words = self.words()
        if len(words) < 2:
            raise ValidationError({"terms": _("请至少填写两个词，用逗号或空格分隔。")})
        if any(len(word) > 30 for word in words):
            raise ValidationError({"terms": _("每个词不能超过30个字。")})
        self.terms = "，".join(words)


def synonyms_changed():
    """Queries are expanded with the synonyms (and cut by the dictionary holding them): reload both, recount the
    expansions' facet counts (PostgreSQL) and hand the new rules to Elasticsearch when it is the backend."""
    bump_dictionary_version()
    from search.documents import recount_synonyms

    recount_synonyms()
    from search.synonyms import push_to_search_backend

    push_to_search_backend()
