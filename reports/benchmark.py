"""Where the area stands among its similar areas and England, in words, rows and a dot plot.

Everything here reads one result of ``budget.peers.benchmark`` (``benchmark_area`` for a plan), so the Benchmark
page, the Goals page and the board pack's slide show the same figures: ``measure_rows`` is the table on the page
and on the slide, ``measure_sentence`` one sentence a measure, ``benchmark_figure`` the dot plot with quartiles.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from budget.money import gbp_price
from budget.peers import place
from reports.charts import BLUE, DARK, GREY, LIGHT, ORANGE, TEMPLATE, TEXT, TEXT_GREY, plain

HEADERS = ["Measure (period)", "Area", "Similar areas", "England", "Rank"]
HOW_READ = "Median (lower to upper quartile); rank in England, 1 the highest."
SOURCE = "Sources: ONS mid-2024 population; indices of deprivation 2025; ASCOF 2A2."


def figure_text(x: float | None, unit: str) -> str:
    """A measure's figure as a reader sees it: '21.3%', '£412.50', '634.4'; '–' when not published."""
    if x is None:
        return "–"
    if unit.startswith("£"):
        return gbp_price(x)
    if unit.startswith("%"):
        return f"{x:,.1f}%"
    return f"{x:,.1f}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 22nd."""
    end = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{end}"


def headers(b: dict) -> list[str]:
    """The table's column headings (the page and the slide name the area above it)."""
    return list(HEADERS)


def area_label(b: dict) -> str:
    """The area's name as the page and the slide head it (the demo says it is illustrative in its name)."""
    return b["area"]["name"]


def _spread(m: dict, key: str) -> str:
    q = m[key]
    if q is None:
        return "–"
    f = [figure_text(x, m["unit"]) for x in q]
    return f"{f[1]} ({f[0]} to {f[2]})"


# the measures' names in a table row, short enough for a slide's table at 18 pt (the sentences use the full label)
SHORT = {"imd_average_score": "Deprivation, IMD average score",
         "idaopi_average_score": "Income deprivation, % of people aged 60+",
         "care_home_admissions": "Care-home admissions, per 100,000 aged 65+"}


def row_label(key: str, m: dict) -> str:
    """A measure as its row names it: a short name with its unit where the figures do not carry it, its period."""
    if key in SHORT:
        return f"{SHORT[key]} ({m['period']})"
    plain_unit = m["unit"] == "% of the population" or m["unit"].startswith("£")
    return f"{m['label']} ({m['period']})" if plain_unit else f"{m['label']}, {m['unit']} ({m['period']})"


def measure_rows(b: dict) -> list[list[str]]:
    """One row a measure: label with unit and period, the area's figure, the peers' and England's, the rank."""
    rows = []
    for key, m in b["measures"].items():
        rank = "–" if m["rank"] is None else f"{ordinal(m['rank'])} highest of {m['of']}"
        rows.append([row_label(key, m), figure_text(m["value"], m["unit"]),
                     _spread(m, "peer_quartiles"), _spread(m, "england_quartiles"), rank])
    return rows


def standing_words(m: dict) -> str:
    """Where the area's figure stands among its similar areas: 'in the second quartile of its similar areas'."""
    values = list(m["peer_values"].values())
    where = place(m["value"], m["peer_quartiles"], min(values), max(values))
    return f"in the {where} of its similar areas" if where.endswith("quartile") else where


def measure_sentence(b: dict, key: str) -> str:
    """One sentence on a measure: the area's figure, where it stands among its similar areas and in England."""
    m, name = b["measures"][key], area_label(b)
    what = f"{m['label']} ({m['unit']}, {m['period']})"
    if m["value"] is None:
        text = f"{what}: no figure is published for {name}."
    elif not m["peer_values"]:
        text = f"{what}: {name} {figure_text(m['value'], m['unit'])}; none of its similar areas has a figure."
    else:
        text = (f"{what}: {name} has {figure_text(m['value'], m['unit'])}, {standing_words(m)} (median "
                f"{figure_text(m['peer_median'], m['unit'])}) and {ordinal(m['rank'])} highest of {m['of']} in "
                f"England (median {figure_text(m['england_quartiles'][1], m['unit'])}).")
    return text + (f" {m['caution'][0].upper()}{m['caution'][1:]}." if m["caution"] else "")


def sentences(b: dict) -> list[str]:
    """A sentence for each measure, in the measures' order."""
    return [measure_sentence(b, k) for k in b["measures"]]


def peers_sentence(b: dict) -> str:
    """The similar areas, nearest first, and how they were chosen."""
    return (f"{area_label(b)}'s {len(b['peers'])} similar areas, nearest first: "
            + ", ".join(p["name"] for p in b["peers"]) + ". " + b["method"] + ".")


def peer_rows(b: dict) -> list[list[str]]:
    """The similar areas: name, ONS code and distance, nearest first."""
    return [[p["name"], p["code"], f"{p['distance']:.2f}"] for p in b["peers"]]


def feature_rows(b: dict) -> list[list[str]]:
    """The features similar areas are chosen by: what each is, its weight and its source."""
    return [[f["label"], f"{f['weight']:g}", f["source"]] for f in b["features"]]


def _range_trace(fig, row: int, y: str, q: list[float], colour: str, name: str, first: bool) -> None:
    fig.add_trace(go.Scatter(x=[q[0], q[2]], y=[y, y], mode="lines", line={"color": colour, "width": 10},
                             name=name, legendgroup=name, showlegend=first, hoverinfo="x"), row=row, col=1)
    fig.add_trace(go.Scatter(x=[q[1]], y=[y], mode="markers", name="Median", legendgroup="median",
                             showlegend=first and y == "England",
                             marker={"symbol": "line-ns-open", "size": 22, "color": DARK, "line": {"width": 3}}),
                  row=row, col=1)


def benchmark_figure(b: dict, large: bool = False) -> go.Figure:
    """A dot plot a measure: England's and the similar areas' quartiles, each similar area a dot, the area's figure.

    Each measure is a panel of its own (their units differ); the bars run from the lower to the upper quartile
    and the tick marks the median.
    """
    keys = [k for k, m in b["measures"].items() if m["peer_quartiles"] is not None]
    measures = [b["measures"][k] for k in keys]
    name = plain(area_label(b))
    names = {p["code"]: p["name"] for p in b["peers"]}
    fig = make_subplots(rows=len(measures), cols=1, vertical_spacing=0.45 / max(len(measures), 1),
                        subplot_titles=[plain(row_label(k, b["measures"][k])) for k in keys])
    for i, m in enumerate(measures, start=1):
        first = i == 1
        _range_trace(fig, i, "England", m["england_quartiles"], LIGHT, "Quartiles (lower to upper)", first)
        _range_trace(fig, i, "Similar areas", m["peer_quartiles"], LIGHT, "Quartiles (lower to upper)", False)
        fig.add_trace(go.Scatter(x=list(m["peer_values"].values()), y=["Similar areas"] * len(m["peer_values"]),
                                 mode="markers", name="A similar area", legendgroup="peer", showlegend=first,
                                 text=[plain(names.get(c, c)) for c in m["peer_values"]],
                                 hovertemplate="%{text}: %{x}<extra></extra>",
                                 marker={"symbol": "circle-open", "size": 10, "color": GREY, "line": {"width": 2}}),
                      row=i, col=1)
        if m["value"] is not None:
            fig.add_trace(go.Scatter(x=[m["value"]], y=[name], mode="markers", name=name, legendgroup="area",
                                     showlegend=first, marker={"symbol": "diamond", "size": 16, "color": ORANGE,
                                                               "line": {"color": TEXT, "width": 1}}), row=i, col=1)
        fig.update_yaxes(categoryorder="array", categoryarray=["England", "Similar areas", name], row=i, col=1)
    size = 18 if large else 13
    fig.update_layout(template=TEMPLATE, height=140 + 190 * len(measures) if not large else 900,
                      title={"text": f"{name} beside its {len(b['peers'])} similar areas and England"
                                     + ("<br><sup>Illustrative: the profile of a real area</sup>"
                                        if b["area"].get("illustrative") else ""), "font": {"size": size + 4}},
                      font={"size": size, "color": TEXT}, legend={"orientation": "h", "y": -0.04, "yanchor": "top"},
                      margin={"l": 10, "r": 10, "t": 90, "b": 150})
    fig.update_xaxes(showgrid=True, gridcolor="rgba(0,0,0,0.08)", color=TEXT_GREY)
    fig.add_annotation(text=SOURCE, xref="paper", yref="paper", x=0, y=-0.11, yanchor="top",
                       showarrow=False, xanchor="left", font={"size": 11, "color": TEXT_GREY})
    fig.update_traces(selector={"mode": "markers", "name": "Median"}, marker_color=BLUE)
    return fig


def figure_summary(b: dict) -> str:
    """The dot plot in words: what it draws and for which measures; their figures are in the table and sentences."""
    labels = [m["label"] for m in b["measures"].values() if m["peer_quartiles"] is not None]
    return (f"Dot plot of {area_label(b)} beside its {len(b['peers'])} similar areas and England, one panel a measure ("
            + "; ".join(labels) + "): bars from the lower to the upper quartile, a tick at the median, each similar "
            "area a dot. The figures are in the table, and each measure in words under it.")
