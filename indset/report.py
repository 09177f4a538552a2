"""reports/quality.json (machine-readable) and reports/quality.html (one self-contained page for
data stewards: charts are inline SVG drawn by matplotlib, so the page opens offline)."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

from indset.fsutil import write_text


def write_quality_json(path: Path, report: dict[str, Any]) -> None:
    write_text(path, json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def _table(rows: list[list[Any]], head: list[str]) -> str:
    th = "".join(f"<th>{html.escape(str(h))}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _svg(fig) -> str:
    """Deterministic inline SVG (fixed hash salt, no date metadata)."""
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def pyplot():
    """matplotlib.pyplot on the Agg backend with deterministic SVG settings (imported on first use)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "indset"
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    import matplotlib.pyplot as plt

    return plt


def _figure(width: float, height: float):
    return pyplot().subplots(figsize=(width, height))


def chart_scores(scores: dict[str, dict[str, float]]) -> str:
    dims = list(scores["input"])
    fig, ax = _figure(7, 2.6)
    x = range(len(dims))
    ax.bar([i - 0.2 for i in x], [scores["input"][d] for d in dims], 0.4, label="input", color="#9ab")
    ax.bar([i + 0.2 for i in x], [scores["output"][d] for d in dims], 0.4, label="output", color="#274")
    ax.set_xticks(list(x), dims, rotation=20, ha="right")
    ax.set_ylim(0, 100)
    ax.set_ylabel("score")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return _svg(fig)


def chart_bars(counts: dict[str, float], xlabel: str, color: str = "#a54") -> str:
    if not counts:
        return "<p>none</p>"
    items = list(counts.items())[:20]
    fig, ax = _figure(7, 0.3 * len(items) + 0.8)
    ax.barh([str(k) for k, _ in items][::-1], [v for _, v in items][::-1], color=color)
    ax.set_xlabel(xlabel)
    return _svg(fig)


def write_quality_html(path: Path, report: dict[str, Any]) -> None:
    """Scores input vs output, quarantine reasons, duplicates, ages, null rates, value distributions."""
    gate = report["gate"]
    parts = [f"<h1>Quality report: {html.escape(report['industry'])}</h1>",
             f"<p>Reference date {html.escape(str(report['reference_date']))}, profile "
             f"{html.escape(str(report.get('profile', '')))}. Release gate: "
             f"<b class='{'ok' if gate['passed'] else 'bad'}'>{'passed' if gate['passed'] else 'NOT passed'}</b> "
             f"{html.escape('; '.join(gate['reasons']))}</p>",
             '<p><a href="gx/index.html">Great Expectations Data Docs</a> &middot; '
             '<a href="quality.json">quality.json</a></p>']
    for s in report.get("skipped_sources", []):
        parts.append(f"<p class='bad'>Skipped source #{s['source']} ({html.escape(s['table'])}): "
                     f"{html.escape(s['reason'])}</p>")
    for name, t in report["tables"].items():
        prof = t.get("profile", {})
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts.append(_table([[k, t[k]] for k in ("rows_in", "rows_out", "rows_quarantined", "rows_merged",
                                                 "unmapped_columns")], ["measure", "value"]))
        parts.append("<h3>Scores, input vs output (GB/T 36344-2018, 0-100)</h3>")
        parts.append(f"<figure class='chart'>{chart_scores(t['scores'])}</figure>")
        dims = list(t["scores"]["input"])
        parts.append(_table([[stage, *[t["scores"][stage][d] for d in dims]] for stage in ("input", "output")],
                            ["stage", *dims]))
        parts.append("<h3>Quarantine reasons</h3>")
        parts.append(f"<figure class='chart'>{chart_bars(t['quarantine_reasons'], 'rows')}</figure>")
        parts.append("<h3>Duplicates</h3>")
        parts.append(_table([[k, v] for k, v in t.get("duplicates", {}).items()], ["kind", "rows"]))
        if prof.get("age_days"):
            parts.append(f"<h3>Record age at the reference date</h3>"
                         f"<figure class='chart'>{chart_bars(prof['age_days'], 'rows', '#47a')}</figure>")
        if prof.get("null_rates"):
            parts.append(f"<h3>Null rate per field (output)</h3><figure class='chart'>"
                         f"{chart_bars(prof['null_rates'], 'share of rows null', '#888')}</figure>")
        for field, counts in prof.get("value_counts", {}).items():
            parts.append(f"<h3>Values of {html.escape(field)} (top 10)</h3>"
                         f"<figure class='chart'>{chart_bars(counts, 'rows', '#274')}</figure>")
        parts.append("<h3>Expectations</h3>")
        parts.append(_table([[k, v] for k, v in t["expectations"].items() if k != "failures"], ["", ""]))
        if t["expectations"].get("failures"):
            parts.append(_table([[f["expectation"], f["column"] or "", f["severity"], f["unexpected_count"]]
                                 for f in t["expectations"]["failures"]],
                                ["failed expectation", "column", "severity", "unexpected"]))
        if t.get("pii_findings"):
            parts.append("<h3>Personal information masked in free text (counts)</h3>")
            parts.append(_table([[f, k, v] for f, c in t["pii_findings"].items() for k, v in c.items()],
                                ["field", "kind", "count"]))
    style = ("body{font-family:sans-serif;max-width:62em;margin:2em auto;color:#222}table{border-collapse:collapse;"
             "margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}.ok{color:#274}"
             ".bad{color:#a22}figure.chart{margin:.5em 0}figure.chart svg{max-width:100%;height:auto}")
    write_text(path, f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>indset quality: "
                     f"{html.escape(report['industry'])}</title><style>{style}</style></head><body>"
                     f"{''.join(parts)}</body></html>\n")
