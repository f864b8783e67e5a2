"""The to-do panels of the admin home (控制面板). Each app that owns the data adds its own panel from its
``wagtail_hooks`` (``construct_homepage_panels``), counted at read time from its ``queries.py``; this module
only draws them, one way for every app: a count per line, each linking to the list it counts."""

from typing import NamedTuple

from wagtail.admin.ui.components import Component


class Todo(NamedTuple):
    key: str  # stable name, for tests and styling (data-todo)
    label: str
    count: int
    url: str
    urgent: bool = False  # shown as a warning when the count is not zero


class TodoTable(NamedTuple):
    caption: str
    headings: list
    rows: list  # of lists of (text, url or "")


class TodoPanel(Component):
    """A titled list of to-dos, optionally followed by a table (e.g. per-bank figures)."""

    template_name = "site_portal/admin/todo_panel.html"

    def __init__(self, name, title, items, *, order=40, table=None, note=""):
        self.name, self.title, self.items, self.order = name, title, items, order
        self.table, self.note = table, note

    def get_context_data(self, parent_context=None):
        return {"panel": self}
