"""The installed wheel works on its own: its rule files ship inside it (pipeline/schemas), and
nothing of the source checkout is needed to extract a report."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from pathlib import Path

import pipeline
from pipeline import run
from pipeline.rules import load_rules, schema_dir

rules = load_rules()
result = run.extract_report(Path(sys.argv[1]), Path(sys.argv[2]), rules=rules)
files = [getattr(m, "__file__", None) for m in list(sys.modules.values())]
print(json.dumps({
    "package": pipeline.__file__,
    "rules": str(rules.folder),
    "schema_dir": str(schema_dir()),
    "folder": str(result.folder),
    "sys_path": sys.path,
    "module_files": [f for f in files if f],
}))
"""


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _wheel(tmp: Path) -> Path:
    """A wheel built from a copy of the checkout (building in place would leave build/ behind)."""
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pipeline", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp / "dist"), str(src)], tmp)
    (wheel,) = (tmp / "dist").glob("baocao-*.whl")
    return wheel


def _venv(tmp: Path, wheel: Path) -> tuple[Path, Path]:
    """A fresh venv holding the wheel; the dependencies come from this interpreter's site-packages,
    added by a .pth line (so that its editable install of the checkout is never activated)."""
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    python = venv / "bin" / "python"
    purelib = Path(_run([str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        tmp).strip())  # fmt: skip
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(purelib), str(wheel)], tmp)
    (purelib / "baocao-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python, purelib


@pytest.mark.slow
def test_installed_wheel_extracts_the_sample_with_its_own_rules(sample_pdf: Path, tmp_path: Path):
    wheel = _wheel(tmp_path)
    python, purelib = _venv(tmp_path, wheel)
    installed = purelib / "pipeline"
    assert (installed / "schemas" / "contract.yaml").is_file() and (installed / "schemas" / "rules").is_dir()
    assert (installed / "schemas" / "reference" / "gdp_growth.yaml").is_file()
    work = tmp_path / "work"
    work.mkdir()
    pdf = shutil.copy2(sample_pdf, work / sample_pdf.name)
    # -I: no PYTHONPATH, no current folder on sys.path; no BAOCAO_SCHEMAS either
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    out = _run([str(python), "-I", "-c", PROBE, str(pdf), str(work / "out")], work, env)
    probe = json.loads(out.strip().splitlines()[-1])

    assert Path(probe["package"]).resolve() == (installed / "__init__.py").resolve()
    assert Path(probe["rules"]).resolve() == (installed / "schemas").resolve()
    assert Path(probe["schema_dir"]).resolve() == (installed / "schemas").resolve()
    # nothing came from the checkout
    assert not [p for p in probe["sys_path"] if p and Path(p).resolve() == ROOT]
    # the dependencies are this interpreter's (the checkout's .venv when run by `make test`): those are
    # not the checkout's source; everything else under the checkout is
    deps = [Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")]
    from_checkout = [
        f for f in probe["module_files"]
        if Path(f).resolve().is_relative_to(ROOT) and not any(Path(f).resolve().is_relative_to(d) for d in deps)
    ]  # fmt: skip
    assert not from_checkout, from_checkout[:5]
    assert any(Path(f).resolve().is_relative_to(installed) for f in probe["module_files"])

    folder = Path(probe["folder"])
    assert folder == work / "out" / "dienbien-2024-h1"
    for name in ("document.json", "text.txt", "sections.csv", "sentences.csv", "footnotes.csv", "tables.csv",
                 "table_rows.csv", "tables.json", "claims.csv", "checks.csv", "checks.parquet", "validation.json",
                 "review.csv", "review.html", "clean/indicators.csv", "clean/claims.parquet", "clean/checks.csv",
                 "clean/dienbien-2024-h1.xlsx"):  # fmt: skip
        assert (folder / name).is_file(), name
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert document["counts"]["claims"] > 100 and document["counts"]["checks_failed"] >= 1
    assert "data:image/png;base64," in (folder / "review.html").read_text(encoding="utf-8")
