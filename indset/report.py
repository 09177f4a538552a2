"""reports/quality.json (machine-readable) and reports/quality.html (for data stewards)."""

from __future__ import annotations

import html
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


def write_quality_html(path: Path, report: dict[str, Any]) -> None:
    """A self-contained page: scores input vs output, quarantine reasons, duplicates, expectations."""
    parts = [f"<h1>Quality report: {html.escape(report['industry'])}</h1>",
             f"<p>Reference date {html.escape(str(report['reference_date']))}. Gate: "
             f"<b>{'passed' if report['gate']['passed'] else 'NOT passed'}</b> "
             f"{html.escape('; '.join(report['gate']['reasons']))}</p>",
             '<p><a href="gx/index.html">Great Expectations Data Docs</a></p>']
    for name, t in report["tables"].items():
        dims = list(t["scores"]["input"])
        parts.append(f"<h2>{html.escape(name)}</h2>")
        parts.append(_table([[k, t[k]] for k in ("rows_in", "rows_out", "rows_quarantined", "rows_merged",
                                                 "unmapped_columns")], ["measure", "value"]))
        parts.append("<h3>Scores (0-100)</h3>")
        parts.append(_table([[stage, *[t["scores"][stage][d] for d in dims]] for stage in ("input", "output")],
                            ["stage", *dims]))
        bars = "".join(
            f'<div class="bar"><span>{html.escape(d)}</span><i style="width:{t["scores"]["input"][d]}%"></i>'
            f'<b style="width:{t["scores"]["output"][d]}%"></b></div>' for d in dims)
        parts.append(f'<div class="chart">{bars}<p class="legend"><i></i> input <b></b> output</p></div>')
        parts.append("<h3>Quarantine reasons</h3>")
        parts.append(_table(sorted(t["quarantine_reasons"].items(), key=lambda kv: -kv[1]), ["reason", "rows"]))
        parts.append("<h3>Expectations</h3>")
        parts.append(_table([[k, v] for k, v in t["expectations"].items()], ["", ""]))
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;margin:.5em 0}"
             "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}.bar{margin:.2em 0}"
             ".bar span{display:inline-block;width:9em}.bar i,.legend i{display:block;height:.5em;background:#9ab}"
             ".bar b,.legend b{display:block;height:.5em;background:#274}.legend i,.legend b{display:inline-block;"
             "width:2em}")
    write_text(path, f"<!doctype html><html><head><meta charset='utf-8'><title>indset quality</title>"
                     f"<style>{style}</style></head><body>{''.join(parts)}</body></html>\n")
