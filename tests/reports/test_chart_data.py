"""A chart is drawn only when it has something to show: an all-zero period gets its table, not an empty pie."""

from reports.tables import Column, Table


def _table(rows):
    return Table(
        "counts",
        "进件次数分布",
        [Column("name", "进件次数", "text"), Column("enterprises", "企业数")],
        rows,
        chart={"type": "pie", "label": "name", "values": ["enterprises"]},
    )


def test_all_zero_rows_draw_no_chart():
    assert _table([{"name": "1次", "enterprises": 0}, {"name": "2次", "enterprises": None}]).chart_data() is None


def test_rows_with_a_figure_draw_their_chart():
    data = _table([{"name": "1次", "enterprises": 0}, {"name": "2次", "enterprises": 3}]).chart_data()

    assert data["type"] == "pie"
    assert data["labels"] == ["1次", "2次"]
    assert data["datasets"][0]["data"] == [0, 3]
