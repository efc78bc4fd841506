"""The rule files, loaded once into one explicit value that is passed to the stages.

`schemas/` of a source checkout, or the copy shipped inside the package (pipeline/schemas), or
the folder named by `BAOCAO_SCHEMAS` (a reviewer's edited copy): `load_rules()` reads it here, once,
and nothing deeper in the stages looks at files or the environment for rules.

Stages derive their typed views (unit tables, the spaCy pipeline, the rule book) from the raw data
with `Rules.view(name, build)`, which builds each view once per Rules value.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


def schema_dir() -> Path:
    """The folder holding checks.yaml, contract.yaml and rules/ (BAOCAO_SCHEMAS overrides it)."""
    env = os.environ.get("BAOCAO_SCHEMAS")
    if env:
        return Path(env)
    shipped = PACKAGE / "schemas"
    if (shipped / "contract.yaml").is_file():
        return shipped
    return PACKAGE.parent / "schemas"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """One JSON object a line; blank lines and `//` comments are skipped."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{n}: not a JSON object ({e.msg})") from e
    return out


# libyaml's safe loader when PyYAML was built with it (8x faster on the rule files, the same data)
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping."""
    return cast(dict[str, Any], yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {})


@dataclass(frozen=True, kw_only=True, eq=False)
class Rules:
    """Every rule file of one schemas folder, as loaded data."""

    folder: Path
    files: dict[str, Any]
    _views: dict[str, Any] = field(default_factory=dict, repr=False)

    def data(self, name: str) -> Any:
        """The loaded content of one rule file, by its path under the folder ("rules/units.yaml")."""
        if name not in self.files:
            raise KeyError(f"{self.folder}: no rule file {name}")
        return self.files[name]

    def view(self, name: str, build: Callable[[Rules], T]) -> T:
        """A typed view of the rules, built once per Rules value."""
        if name not in self._views:
            self._views[name] = build(self)
        return cast(T, self._views[name])


def load_rules(folder: Path | None = None) -> Rules:
    """Read every rule file of `folder` (default: schema_dir()) once."""
    folder = folder or schema_dir()
    files: dict[str, Any] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.suffix in (".yaml", ".yml"):
            files[rel] = read_yaml(path)
        elif path.suffix == ".jsonl":
            files[rel] = read_jsonl(path)
    return Rules(folder=folder, files=files)


_DEFAULT: dict[tuple[object, ...], Rules] = {}


def _signature(folder: Path) -> tuple[object, ...]:
    return (str(folder), *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.rglob("*"))))


def default_rules() -> Rules:
    """The rules of schema_dir(), loaded once per process and again only when a file changes: for
    callers that were given none (a batch worker keeps its spaCy pipeline across reports)."""
    folder = schema_dir()
    sig = _signature(folder)
    if sig not in _DEFAULT:
        _DEFAULT.clear()
        _DEFAULT[sig] = load_rules(folder)
    return _DEFAULT[sig]
