"""User configuration: ``[tool.shapelens]`` in pyproject.toml, LSP settings, per-line ignores."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

SEVERITIES = ("error", "warning", "information", "hint")


@dataclass
class Config:
    disabled: frozenset = frozenset()  # codes switched off, e.g. {"SL401"}
    severity: dict = field(default_factory=dict)  # code -> severity override
    inlay_hints: bool = True
    exclude: Optional[tuple] = None  # [tool.shapelens] exclude: replaces the default folders skipped
    extend_exclude: tuple = ()  # [tool.shapelens] extend-exclude: added to them

    def merged(self, other: "Config") -> "Config":
        """``other`` (e.g. editor settings) on top of ``self`` (pyproject)."""
        sev = dict(self.severity)
        sev.update(other.severity)
        return Config(self.disabled | other.disabled, sev, other.inlay_hints and self.inlay_hints, self.exclude,
                      self.extend_exclude)

    @classmethod
    def from_mapping(cls, data: Optional[dict]) -> "Config":
        data = data or {}
        disabled = data.get("disable") or data.get("disabled") or data.get("disabledCodes") or []
        if isinstance(disabled, str):
            disabled = [disabled]
        sev_in = data.get("severity") or data.get("severityOverrides") or {}
        severity = {}
        if isinstance(sev_in, dict):
            for code, sev in sev_in.items():
                sev = str(sev).lower()
                sev = {"info": "information", "warn": "warning"}.get(sev, sev)
                if sev in SEVERITIES or sev == "off":
                    severity[str(code).upper()] = sev
        hints = data.get("inlay-hints", data.get("inlayHints", True))
        exclude = data.get("exclude")
        extend = data.get("extend-exclude") or data.get("extend_exclude") or ()
        return cls(frozenset(str(c).upper() for c in disabled if isinstance(c, str)), severity, bool(hints),
                   tuple(str(p) for p in exclude) if isinstance(exclude, list) else None,
                   tuple(str(p) for p in extend) if isinstance(extend, list) else ())


def find_pyproject(start: Path) -> Optional[Path]:
    start = start if start.is_dir() else start.parent
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_pyproject_config(path: Path) -> Config:
    """Read ``[tool.shapelens]`` from the pyproject.toml nearest ``path``; defaults if none."""
    pyproject = find_pyproject(path)
    if pyproject is None:
        return Config()
    try:  # imported here: 8 ms of regular expressions a server without a pyproject.toml skips
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: tomli, a dependency there
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            import logging

            logging.getLogger("shapelens").warning(
                "shapelens: cannot read %s on Python 3.10 without tomli (pip install tomli); "
                "using the default settings", pyproject)
            return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Config()
    section = data.get("tool", {}).get("shapelens", {})
    return Config.from_mapping(section if isinstance(section, dict) else {})


_IGNORE = re.compile(r"#\s*shapelens:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")


def line_ignores(line: str) -> Optional[frozenset]:
    """Codes ignored on this line: None if no ignore comment, empty set for all codes."""
    if "shapelens" not in line:
        return None
    m = _IGNORE.search(line)
    if not m:
        return None
    if m.group(1) is None:
        return frozenset()
    return frozenset(c.strip().upper() for c in m.group(1).split(",") if c.strip())


def apply_config(diagnostics: list, config: Config, lines: list) -> list:
    """Drop disabled and ignored diagnostics and apply severity overrides."""
    from dataclasses import replace

    out = []
    for d in diagnostics:
        if d.code in config.disabled:
            continue
        sev = config.severity.get(d.code)
        if sev == "off":
            continue
        if 0 <= d.span.line < len(lines):
            ign = line_ignores(lines[d.span.line])
            if ign is not None and (not ign or d.code in ign):
                continue
        if sev and sev != d.severity:
            d = replace(d, severity=sev)
        out.append(d)
    return out
