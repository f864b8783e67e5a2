"""A report table: columns, rows, an optional chart and drill-down links. The same object is rendered as
HTML (templates/statistics/includes/table.html), drawn by Chart.js and written to Excel (exports.py), so
the three always show the same numbers."""

from dataclasses import dataclass, field

from core.money import yuan_to_wan


@dataclass
class Column:
    key: str
    label: str
    kind: str = "int"  # int | wan (yuan shown in 万元) | rate (0..1 shown as %) | text
    drill: dict | None = None  # extra drill-down parameters for this column's numbers, e.g. {"outcome": "signed"}


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    chart: dict | None = None  # {"type": "bar"|"line"|"pie", "label": column key, "values": [column keys]}
    drill: str | None = None  # the dimension a row stands for ("industry", "institution", ...), or "all"
    note: str = ""

    def cell(self, row, column):
        return display(row.get(column.key), column.kind)

    def chart_data(self):
        if not self.chart or not self.rows:
            return None
        label = self.chart["label"]
        columns = {c.key: c for c in self.columns}
        datasets = [
            {"label": str(columns[key].label), "data": [chart_value(row.get(key), columns[key].kind)
                                                        for row in self.rows]}
            for key in self.chart["values"]
        ]
        if not any(value for dataset in datasets for value in dataset["data"]):
            return None  # all zero: an empty pie or flat bars say nothing the table (all 0) does not
        return {
            "type": self.chart.get("type", "bar"),
            "labels": [str(row.get(label) or "—") for row in self.rows],
            "datasets": datasets,
        }


def ratio(numerator, denominator):
    """A share between 0 and 1, or None when there is nothing to divide by (an empty period)."""
    return None if not denominator else numerator / denominator


def display(value, kind):
    if value is None:
        return "—"
    if kind == "wan":
        return f"{yuan_to_wan(value, 2):,.2f}"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "int":
        return f"{value:,}"
    return str(value)


def chart_value(value, kind):
    if value is None:
        return 0
    if kind == "wan":
        return float(yuan_to_wan(value, 2))
    if kind == "rate":
        return round(value * 100, 1)
    return value
