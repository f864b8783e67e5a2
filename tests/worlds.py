"""The common worlds most tests start from — the home page, the cast (tests/factories/cast.py), the small market
(tests/finance_market/conftest.py), the permission tests' worlds — built once per test process and restored for
each test that asks for them.

Building them through Wagtail and the factories costs ~0.2–1 s of CPU per test; restoring a copy of the tables
(tests/snapshots.py) costs a few hundredths. Each such fixture is a *layer*, registered with `register` (its
fixture function, the layers it is built on and a builder), and serves its value through `provide`.

tests/conftest.py looks at each test's fixtures: when the registered layers among them are exactly a registered
chain (home; cast; home + cast; home + cast + market; …), it puts the `_world` fixture first in the test (so that
nothing the test writes precedes the restore, which empties every table). `_world` builds that chain once per
process (lazily, outside any transaction) and restores it for each test; the layers' fixtures then hand out the
objects re-fetched from the restored rows (`World.thaw`). Any other combination builds as it always did.

A layer's objects are kept as (model, pk) and fetched again per test: the restored rows keep their primary keys.
Which object is cached on which (``department.authors``, ``enterprise_a.account`` is ``ent_a``) is recorded too
and wired again, so the namespaces look as the builders made them.
"""

import dataclasses
import shutil
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
CHAIN = pytest.StashKey()

# layer name (= fixture name) -> (the fixture function's module and name, builder of the objects built so far)
LAYERS = {}
# the worlds that may be restored: tuples of layer names in building order (each prefix built on the way)
CHAINS = []


def register(fixture, chain, build):
    """Register the layer ``fixture`` (a pytest fixture function, named as the layer) built by ``build(built)``,
    ``built`` being the objects of the chain's earlier layers by name; ``chain`` is the world it completes (its
    layers in building order, ending with this one)."""
    function = getattr(fixture, "_get_wrapped_function", lambda: fixture)()
    assert chain[-1] == function.__name__, chain
    LAYERS[function.__name__] = ((function.__module__, function.__name__), build)
    if chain not in CHAINS:
        CHAINS.append(tuple(chain))


def chain_for(item):
    """The registered chain whose layers are exactly the registered layers among ``item``'s fixtures (the
    very fixture functions registered, not others of the same name), or None."""
    definitions = item._fixtureinfo.name2fixturedefs
    requested = set()
    for name, ((module, function_name), _build) in LAYERS.items():
        if name in item.fixturenames and definitions.get(name):
            func = definitions[name][-1].func
            if (getattr(func, "__module__", None), getattr(func, "__name__", None)) == (module, function_name):
                requested.add(name)
    return next((chain for chain in CHAINS if set(chain) == requested), None) if requested else None


def current_world(request):
    """The World `_world` restored for this test (tests/conftest.py), or None."""
    return request.node.stash.get(WORLD, None)


def provide(request, name, build):
    """The layer ``name`` for this test: re-fetched from the restored world when there is one, else built
    (``build()``) as for a test that reaches the fixture only through getfixturevalue or with other layers."""
    world = current_world(request)
    if world is not None and name in world.frozen:
        return world.thaw(name)
    return build()


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
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return ("dataclass", type(value),
                    {f.name: self._freeze(getattr(value, f.name)) for f in dataclasses.fields(value)})
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
        if kind == "dataclass":
            return body[0](**{name: self._thaw(item, fetched) for name, item in body[1].items()})
        if kind == "dict":
            return {key: self._thaw(item, fetched) for key, item in body[0].items()}
        if kind in ("list", "tuple"):
            items = [self._thaw(item, fetched) for item in body[0]]
            return items if kind == "list" else tuple(items)
        return body[0]


class World:
    """One restorable world: the snapshot of its tables, its layers' objects and the media it wrote."""

    def __init__(self, snapshot, frozen, media):
        self.snapshot = snapshot
        self.frozen = frozen  # layer name -> _Frozen
        self.media = media  # a folder, or None when the layers wrote no file
        self.fetched = {}

    def restore(self, media_root):
        self.snapshot.restore()
        self.fetched = {}
        if self.media is not None:
            shutil.copytree(self.media, media_root, dirs_exist_ok=True)

    def thaw(self, layer):
        return self.frozen[layer].thaw(self.fetched)


class Worlds:
    """The worlds of this test process, each built when a test first needs it (`get`, outside any transaction:
    `_world` runs before the test's database fixture)."""

    def __init__(self, folder):
        self.folder = folder
        self.worlds = {}
        self.before = None
        self.builds = 0

    def get(self, chain):
        if chain not in self.worlds:
            self._build(chain)
        return self.worlds[chain]

    def _build(self, chain):
        from django.conf import settings
        from django.test import override_settings
        from django.utils import translation

        from tests.snapshots import TableSnapshot

        if self.before is None:
            self.before = TableSnapshot("world_before")
        else:
            self.before.restore()
        self.builds += 1
        media = self.folder / f"media-{self.builds}"
        built, frozen = {}, {}
        try:
            with override_settings(MEDIA_ROOT=media), translation.override(settings.LANGUAGE_CODE):
                for depth, layer in enumerate(chain, start=1):
                    built[layer] = LAYERS[layer][1](built)
                    frozen[layer] = _Frozen(built[layer])
                    prefix = chain[:depth]
                    if prefix in CHAINS and prefix not in self.worlds:
                        name = f"world_{self.builds}_{depth}"
                        copy = None
                        if media.exists() and any(media.iterdir()):
                            copy = self.folder / name
                            shutil.copytree(media, copy, dirs_exist_ok=True)
                        self.worlds[prefix] = World(TableSnapshot(name), dict(frozen), copy)
        finally:  # whatever happened, the database as it was
            self.before.restore()
