"""The Excel return and the board pack as a person sees them: converted to PDF by LibreOffice and to
PNG by pdftoppm (both installed by `make test`), pages counted and checked for ink."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PIL import Image
from pptx import Presentation

from budget.demo import demo_plan
from budget.export import return_bytes, submission_bytes
from reports.board_pack import board_pack_bytes
from reports.returns import return_tables, submission_parts
from scenarios.schema import Scenario
from scenarios.views import model


@pytest.fixture(scope="module")
def tools():
    soffice, pdftoppm = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm")
    if not (soffice and pdftoppm):
        message = "LibreOffice and poppler-utils are needed to render exports (`make test` installs them)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return soffice, pdftoppm


def render(path, tools, out_dir) -> list:
    soffice, pdftoppm = tools
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(path)],
                   check=True, capture_output=True, timeout=240,
                   env={**os.environ, "HOME": str(out_dir)})
    pdf = out_dir / (path.stem + ".pdf")
    assert pdf.exists()
    subprocess.run([pdftoppm, "-r", "40", "-png", str(pdf), str(out_dir / path.stem)], check=True, timeout=120)
    pages = sorted(out_dir.glob(f"{path.stem}-*.png"))
    shots = os.environ.get("BCF_SCREENSHOTS")
    if shots:
        os.makedirs(shots, exist_ok=True)
        for p in pages:
            shutil.copy(p, shots)
    return pages


def inked(png) -> float:
    im = Image.open(png).convert("L")
    hist = im.histogram()
    return 1 - hist[255] / sum(hist)


def test_return_and_pack_render_to_pages(tools, tmp_path):
    plan = demo_plan()
    view = model(Scenario(name="Option A"), plan, runs=300, seed=3)
    ret = tmp_path / "bcf_return.xlsx"
    ret.write_bytes(return_bytes(plan, scenario="Option A", tables=return_tables(view, "controlled")))
    pack = tmp_path / "bcf_pack.pptx"
    pack.write_bytes(board_pack_bytes(plan, view)[0])
    ret_pages = render(ret, tools, tmp_path)
    pack_pages = render(pack, tools, tmp_path)
    assert 6 <= len(ret_pages) <= 40  # each sheet fits the page width: a handful of pages, not hundreds
    assert len(pack_pages) == len(Presentation(str(pack)).slides) == 22  # every slide drawn, none spilling over
    assert all(inked(p) > 0.005 for p in pack_pages)  # no blank slide
    assert all(inked(p) > 0.001 for p in ret_pages)


def test_submission_copy_renders_a_page_or_more_per_sheet(tools, tmp_path):
    plan = demo_plan()
    scenario = Scenario(name="Option A")
    view = model(scenario, plan, runs=300, seed=3)
    sub = tmp_path / "bcf_submission.xlsx"
    sub.write_bytes(submission_bytes(plan, scenario=scenario.name, **submission_parts(view, scenario, plan)))
    pages = render(sub, tools, tmp_path)
    assert 8 <= len(pages) <= 20  # the eight visible sheets, each one page wide
    assert all(inked(p) > 0.001 for p in pages)
