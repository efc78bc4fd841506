from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "raw" / "dienbien-2024-h1.pdf"
GOLD = ROOT.parent / "shared" / "gold-dev"
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def sample_pdf() -> Path:
    assert SAMPLE.exists(), "the bundled sample report is missing from raw/"
    return SAMPLE


@pytest.fixture(scope="session")
def sample_doc(sample_pdf):
    from pipeline.parse import pdf_to_document

    return pdf_to_document(sample_pdf)


@pytest.fixture(scope="session")
def gold_claims() -> list[dict]:
    path = GOLD / "claims.jsonl"
    if not path.exists():
        pytest.skip("gold-dev is not beside the repository")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def sample_out(sample_pdf, tmp_path_factory) -> Path:
    """The whole pipeline run once on the sample; the report folder."""
    from pipeline import run

    out = tmp_path_factory.mktemp("extracted")
    result = run.extract_report(sample_pdf, out)
    return result.folder
