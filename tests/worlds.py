"""The common worlds most tests start from — the home page, the cast (tests/factories/cast.py), the small market
(tests/finance_market/conftest.py) — built once per test process and restored for each test that asks for them.

Building them through Wagtail and the factories costs ~0.4 s of CPU per test; restoring a copy of the tables
(tests/snapshots.py) costs a few hundredths. tests/conftest.py puts the `_world` fixture first in every test that
uses `home`, `cast` or `market` (so that nothing the test writes precedes the restore, which empties every
table); `_world` restores the snapshot of exactly the layers the test asks for (home only, the cast only, both, or
home + cast + market) and the fixtures hand out the objects re-fetched from the restored rows (`World.thaw`).

A layer's objects are kept as (model, pk) and fetched again per test: the restored rows keep their primary keys.
Which object is cached on which (``department.authors``, ``enterprise_a.account`` is ``ent_a``) is recorded too
and wired again, so the namespaces look as the builders made them.
"""

from types import SimpleNamespace

import pytest
from django.db import models
from wagtail.models import Page, Site

from tests.factories import HomePageFactory


def build_home():
    """A HomePage as the default site's root (Wagtail's welcome page removed)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="portal-home")
    site = Site.objects.get(is_default_site=True)
    old = site.root_page
    site.root_page = home
    site.save()
    if old.depth == 2 and old.specific_class is Page:
        old.delete()
    return home


WORLD = pytest.StashKey()


def current_world(request):
    """The World `_world` restored for this test (tests/conftest.py), or None: the fixture then builds its
    layer itself, as for a test that reaches `home`/`cast`/`market` only through getfixturevalue."""
    return request.node.stash.get(WORLD, None)


# the layers a test may ask for (by fixture name), each with the layers it is built on, in building order
LAYERS = {
    "home": ("home",),
    "cast": ("cast",),
    "home+cast": ("home", "cast"),
    "market": ("home", "cast", "market"),
}


def layers_for(fixturenames):
    """The key of LAYERS a test with these fixtures needs, or None."""
    names = set(fixturenames)
    if "market" in names:
        return "market"
    if {"home", "cast"} <= names:
        return "home+cast"
    if "cast" in names:
        return "cast"
    if "home" in names:
        return "home"
    return None


class _Frozen:
    """A value as (model, pk) — a model instance, or a namespace/dict/list of them — with the cached relations
    between the instances it holds."""

    def __init__(self, value):
        self._instances = {}  # id(instance) -> (model, pk)
        self._objects = {}  # id(instance) -> instance, while freezing
        self.shape = self._freeze(value)
        self.links = []  # (owner ref, field name, target ref): owner.field is target
        for owner_id, (model, pk) in list(self._instances.items()):
            owner = self._objects[owner_id]
            for field in owner._meta.concrete_fields:
                if field.is_relation and field.many_to_one and field.is_cached(owner):
                    target = field.get_cached_value(owner)
                    if target is not None and id(target) in self._instances:
                        self.links.append(((model, pk), field.name, self._instances[id(target)]))
        del self._objects

    def _freeze(self, value):
        if isinstance(value, models.Model):
            self._instances[id(value)] = (type(value), value.pk)
            self._objects[id(value)] = value
            return ("model", type(value), value.pk)
        if isinstance(value, SimpleNamespace):
            return ("namespace", {name: self._freeze(item) for name, item in vars(value).items()})
        if isinstance(value, dict):
            return ("dict", {key: self._freeze(item) for key, item in value.items()})
        if isinstance(value, (list, tuple)):
            return (type(value).__name__, [self._freeze(item) for item in value])
        return ("value", value)

    def thaw(self, fetched=None):
        """The value again, its instances fetched from the database (one query per model). ``fetched`` maps
        (model, pk) to instances already handed out, which are reused (and extended)."""
        fetched = {} if fetched is None else fetched
        wanted = {}
        for model, pk in self._instances.values():
            if (model, pk) not in fetched:
                wanted.setdefault(model, set()).add(pk)
        for model, pks in wanted.items():
            for pk, instance in model._default_manager.in_bulk(pks).items():
                fetched[(model, pk)] = instance
        for owner, field, target in self.links:
            setattr(fetched[owner], field, fetched[target])
        return self._thaw(self.shape, fetched)

    def _thaw(self, shape, fetched):
        kind, body = shape[0], shape[1:]
        if kind == "model":
            return fetched[(body[0], body[1])]
        if kind == "namespace":
            return SimpleNamespace(**{name: self._thaw(item, fetched) for name, item in body[0].items()})
        if kind == "dict":
            return {key: self._thaw(item, fetched) for key, item in body[0].items()}
        if kind in ("list", "tuple"):
            items = [self._thaw(item, fetched) for item in body[0]]
            return items if kind == "list" else tuple(items)
        return body[0]


class World:
    """One restorable world: the snapshot of its tables and its layers' objects."""

    def __init__(self, snapshot, frozen):
        self.snapshot = snapshot
        self.frozen = frozen  # layer name -> _Frozen
        self.fetched = {}

    def restore(self):
        self.snapshot.restore()
        self.fetched = {}

    def thaw(self, layer):
        return self.frozen[layer].thaw(self.fetched)


def build_worlds(builders):
    """Build every world of LAYERS from the current database (put back as it was afterwards); ``builders`` maps
    a layer name to a function of the objects built so far (a dict by layer name). Returns {key: World}."""
    from tests.snapshots import TableSnapshot

    before = TableSnapshot("world_before")
    worlds = {}
    # each chain is built once; the snapshot of each of its prefixes that is a world is taken on the way
    for chain in (LAYERS["market"], LAYERS["cast"]):
        objects, frozen = {}, {}
        for depth, layer in enumerate(chain, start=1):
            objects[layer] = builders[layer](objects)
            frozen[layer] = _Frozen(objects[layer])
            key = next((k for k, c in LAYERS.items() if c == chain[:depth]), None)
            if key is not None:
                worlds[key] = World(TableSnapshot(f"world_{key.replace('+', '_')}"), dict(frozen))
        before.restore()
    return worlds
