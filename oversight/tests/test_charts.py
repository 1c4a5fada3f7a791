"""Charts are inline SVG that the Content-Security-Policy allows, accessible and deterministic."""

import re

from oversight import charts

PANELS = (
    (
        "Pupils placed in AP per 10,000 pupils",
        "per 10,000 pupils",
        (("This area", 32.8, True), ("Devolved areas", 21.8, False), ("England", None, False)),
    ),
    ("Reintegrated", "%", (("This area", 50.0, True), ("Devolved areas", 61.0, False))),
)


def test_no_inline_styles_and_no_scripts():
    svg = charts.comparison_svg("one", "Title", "Description", PANELS)
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg and "<metadata" not in svg


def test_named_and_described_for_screen_readers():
    svg = charts.comparison_svg("one", "Measures & benchmarks", "This area 32.8 <against> 21.8", PANELS)
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg and 'aria-labelledby="one-title one-desc"' in svg
    assert '<title id="one-title">Measures &amp; benchmarks</title>' in svg
    assert '<desc id="one-desc">This area 32.8 &lt;against&gt; 21.8</desc>' in svg
    assert "not available" in svg  # a missing benchmark is said, not drawn as zero


def test_ids_are_unique_to_each_chart_and_references_follow():
    first = charts.comparison_svg("first", "T", "D", PANELS)
    second = charts.bars_svg("second", "T", "D", (("A", 1.2, False), ("B", 2.5, True)), "times its share", 1.5)
    first_ids = set(re.findall(r'\bid="([^"]+)"', first))
    second_ids = set(re.findall(r'\bid="([^"]+)"', second))
    assert first_ids and not first_ids & second_ids
    assert all(i.startswith("first-") for i in first_ids)
    for reference in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', first):
        assert (reference[0] or reference[1]) in first_ids


def test_deterministic():
    charts.comparison_svg.cache_clear()
    once = charts.comparison_svg("same", "T", "D", PANELS)
    charts.comparison_svg.cache_clear()
    assert charts.comparison_svg("same", "T", "D", PANELS) == once


def test_style_becomes_presentation_attributes():
    svg = charts.inline_svg(
        '<?xml version="1.0"?><svg viewBox="0 0 10 10" width="10pt"><defs><style>*{x: y}</style></defs>'
        '<g id="a"><path style="fill: #1d70b8; stroke-width: 0.8" clip-path="url(#a)"/>'
        "<text style=\"font-size: 10px; font-family: 'DejaVu Sans', sans-serif\">x</text></g></svg>",
        name="t",
        title="T",
        description="D",
    )
    assert '<path fill="#1d70b8" stroke-width="0.8" clip-path="url(#t-a)"/>' in svg
    assert 'font-size="10px" font-family="arial, sans-serif"' in svg
    assert 'viewBox="0 0 10 10"' in svg and "10pt" not in svg
