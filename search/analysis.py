"""The one Chinese analyzer shared by indexing and querying on the database backends.

Wagtail's database backends split text on spaces and punctuation only (SQLite FTS5 ``unicode61``,
PostgreSQL's ``simple`` parser), so an unbroken run of Chinese is one giant token and 小微 never
finds 中小微企业. We therefore hand the backend text that is already tokenised:

* index side: every CJK run becomes its overlapping bigrams (the recall guarantee: any two-character
  word inside a text is one of its bigrams), plus the jieba words of the run (dictionary words get a
  higher term frequency, so real-word matches outrank accidental bigrams), plus the run's last
  character (so a one-character query, run as a prefix query, also finds a character at a run's end);
  Latin letters and digits are lowercased words.
* query side: jieba splits the query into words; each word must be present, either as the whole
  jieba word or as all of its bigrams (so a word jieba cut differently in the document still matches).

jieba's dictionary is extended with finance terms from ``finance_terms.txt`` and the editable
:class:`search.models.FinanceTerm` rows.
"""

import functools
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import jieba

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN_RE = re.compile(rf"[{CJK}]+|[A-Za-z0-9]+")
CJK_RE = re.compile(rf"^[{CJK}]+$")
# Function words dropped from multi-word queries: on their own they match nearly everything.
STOPWORDS = frozenset("的了和与及或在是对等之其从向为把被将于以")
MAX_QUERY_CHARS = 200  # longer queries are cut: nobody types more, and it bounds the SQL we build
DEFAULT_TERMS_FILE = Path(__file__).with_name("finance_terms.txt")
RELOAD_CHECK_SECONDS = 30
DICTIONARY_VERSION_KEY = "search:dictionary-version"

jieba.setLogLevel(logging.WARNING)


class _Dictionary:
    """A private jieba tokenizer with the finance terms; reloaded when the terms change."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokenizer = None
        self._synonyms = None
        self._version = None
        self._checked_at = 0.0
        self.build = 0  # bumped whenever a tokenizer is built, so memoised analyses of an older one are unused

    def tokenizer(self):
        now = time.monotonic()
        if self._tokenizer is None or now - self._checked_at > RELOAD_CHECK_SECONDS:
            with self._lock:
                self._checked_at = now
                version = current_version()
                if self._tokenizer is None or version != self._version:
                    self._tokenizer, self._synonyms = self._build()
                    self._version = version
                    self.build += 1
        return self._tokenizer

    def synonyms(self):
        """The synonym table loaded with the tokenizer (search.synonyms.SynonymTable); loaded again if the database
        could not be read then (before migrations, or where a test forbids database access)."""
        self.tokenizer()
        if self._synonyms is None or not self._synonyms.loaded:
            from search.synonyms import SynonymTable, groups

            self._synonyms = SynonymTable(groups())
        return self._synonyms

    def invalidate(self):
        self._tokenizer = None
        self.build += 1

    @staticmethod
    def _build():
        from search.synonyms import SynonymTable, groups

        tokenizer = jieba.Tokenizer()
        for word, freq in finance_terms():
            tokenizer.add_word(word, freq)
        synonyms = SynonymTable(groups())
        tokenizer.check_initialized()
        for word in synonyms.words():
            # a query cuts a synonym whole, so its group is found; known words keep their frequency
            if is_cjk(word) and len(word) > 1 and not tokenizer.FREQ.get(word):
                tokenizer.add_word(word)
        return tokenizer, synonyms


def current_version():
    from django.core.cache import cache

    return cache.get(DICTIONARY_VERSION_KEY, 0)


def finance_terms():
    """(word, freq) pairs: the shipped defaults, then the editors' terms (which win)."""
    terms = {}
    for line in DEFAULT_TERMS_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            terms[word] = None
    try:
        from search.models import FinanceTerm

        for word, freq in FinanceTerm.objects.filter(enabled=True).values_list("word", "frequency"):
            terms[word] = freq
    except Exception:  # before migrations, or outside Django: defaults only
        pass
    return list(terms.items())


dictionary = _Dictionary()


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)]


def runs(text):
    """The CJK runs and Latin/digit words of ``text``, in order."""
    return RUN_RE.findall(text or "")


def is_cjk(token):
    return bool(CJK_RE.match(token))


def index_tokens(text):
    tokenizer = dictionary.tokenizer()
    tokens = []
    for run in runs(text):
        if not is_cjk(run):
            tokens.append(run.lower())
            continue
        tokens.extend(bigrams(run))
        tokens.append(run[-1])
        if len(run) > 2:
            tokens.extend(word for word in tokenizer.cut_for_search(run, HMM=False) if len(word) > 1)
    return tokens


def analyze(text):
    """Text as the database backend should index it: tokens separated by spaces.

    Memoised per dictionary build: Wagtail's indexers prepare every field once for the title, once for
    the body, once for autocomplete (and PostgreSQL twice more for the plain-text columns)."""
    dictionary.tokenizer()  # reloads the dictionary (and so changes the build) when the terms changed
    return _analyze(text or "", dictionary.build)


@functools.lru_cache(maxsize=4096)
def _analyze(text, build):
    return " ".join(index_tokens(text))


@dataclass(frozen=True)
class QueryWord:
    """One word of a query; it matches if ``word`` or all of ``alternatives`` are in the document, or one of its
    ``synonyms`` (QueryWords themselves, from the synonym table) does."""

    word: str
    alternatives: tuple = field(default=())
    prefix: bool = False
    synonyms: tuple = field(default=())

    def terms(self):
        return (self.word, *self.alternatives)

    def partial_terms(self):
        """What a partial (fallback) match may use: the word, its bigrams, its synonyms and, for CJK, its
        characters."""
        characters = tuple(c for c in self.word if is_cjk(c) and c not in STOPWORDS) if len(self.word) > 1 else ()
        return (*self.terms(), *(term for synonym in self.synonyms for term in synonym.terms()), *characters)


def _plain_word(text):
    """A query word as typed (no prefix matching): the word, or all its bigrams for a longer CJK word."""
    text = text.lower() if not is_cjk(text) else text
    if is_cjk(text) and len(text) > 2:
        return QueryWord(text, alternatives=tuple(dict.fromkeys(bigrams(text))))
    return QueryWord(text)


def _with_synonyms(word, table):
    others = table.of(word.word) if table is not None and not word.prefix else ()
    if not others:
        return word
    return QueryWord(word.word, word.alternatives, word.prefix, tuple(_plain_word(other) for other in others))


def query_words(text):
    """The words of a search query, as jieba segments it (same dictionary as the index)."""
    text = (text or "")[:MAX_QUERY_CHARS]
    tokenizer = dictionary.tokenizer()
    words = []
    for run in runs(text):
        if not is_cjk(run):
            words.append(QueryWord(run.lower()))
            continue
        for word in _merge_single_characters(tokenizer.cut(run, HMM=False)):
            if len(word) == 1:
                words.append(QueryWord(word, prefix=True))
            elif len(word) == 2:
                words.append(QueryWord(word))
            else:
                words.append(QueryWord(word, alternatives=tuple(dict.fromkeys(bigrams(word)))))
    meaningful = [w for w in words if w.word not in STOPWORDS]
    words = meaningful or words
    table = dictionary.synonyms()
    return list(dict.fromkeys(_with_synonyms(word, table) for word in words))


def _merge_single_characters(words):
    """Rejoin the characters jieba could not group (科创快贷 → 科/创/快/贷): they were meant together."""
    pending = ""
    for word in words:
        if len(word) == 1 and word not in STOPWORDS:
            pending += word
            continue
        if pending:
            yield pending
            pending = ""
        yield word
    if pending:
        yield pending


def highlight_terms(text, partial=False):
    """The strings to mark in a result: the query's words, and their bigrams for a partial match."""
    terms = set()
    for word in query_words(text):
        terms.add(word.word)
        terms.update(synonym.word for synonym in word.synonyms)
        if partial:
            terms.update(word.alternatives)
    return sorted(terms, key=len, reverse=True)
