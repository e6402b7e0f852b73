"""The five platform VSIXs (``npm run package:all``, like ruff's ``vsce package --target``): each is a
zip whose manifest names its target, whose libcst extension modules are built for that platform (the
binary's own header: ELF x86-64 / AArch64, Mach-O x86-64 / arm64, PE x64) and named the way CPython
looks for them there, one per CPython version from 3.10 to the newest libcst publishes wheels for,
and which carries the pure-Python parts (shapelens as in server/shapelens, pygls, lsprotocol,
cattrs, attrs, ...), the bundled extension code and the Restricted Mode declaration."""

from __future__ import annotations

import json
import re
import struct
import zipfile

import pytest

from .conftest import PLATFORM_TARGETS, ROOT

LIBS = "extension/bundled/libs/"
# CPython versions each target must carry: libcst 1.9.0 has wheels for 3.10-3.15 except on macOS x86-64,
# where the newest release with such wheels, libcst 1.8.6, stops at 3.14
ALL = ["3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]
EXPECTED = {
    "linux-x64": {"python": ALL, "libcst": "1.9.0", "module": "native.cpython-{v}-x86_64-linux-gnu.so",
                  "wheel_platform": r"manylinux(_2_\d+|2014)_x86_64", "binary": ("elf", 62)},
    "linux-arm64": {"python": ALL, "libcst": "1.9.0", "module": "native.cpython-{v}-aarch64-linux-gnu.so",
                    "wheel_platform": r"manylinux(_2_\d+|2014)_aarch64", "binary": ("elf", 183)},
    "darwin-x64": {"python": ALL[:-1], "libcst": "1.8.6", "module": "native.cpython-{v}-darwin.so",
                   "wheel_platform": r"macosx_1\d_\d+_(x86_64|universal2)", "binary": ("macho", 0x01000007)},
    "darwin-arm64": {"python": ALL, "libcst": "1.9.0", "module": "native.cpython-{v}-darwin.so",
                     "wheel_platform": r"macosx_1\d_\d+_(arm64|universal2)", "binary": ("macho", 0x0100000C)},
    "win32-x64": {"python": ALL, "libcst": "1.9.0", "module": "native.cp{v}-win_amd64.pyd",
                  "wheel_platform": r"win_amd64", "binary": ("pe", 0x8664)},
}
PURE = ["shapelens/__init__.py", "shapelens/lsp/app.py", "pygls/__init__.py", "lsprotocol/types.py",
        "cattrs/__init__.py", "cattr/__init__.py", "attrs/__init__.py", "attr/__init__.py", "typing_extensions.py",
        "exceptiongroup/__init__.py", "tomli/__init__.py", "libcst/__init__.py", "libcst/_parser/entrypoints.py"]
PURE_WHEELS = ["pygls", "lsprotocol", "cattrs", "attrs", "typing_extensions", "exceptiongroup", "tomli"]
MODULE_SUFFIXES = (".so", ".pyd", ".dylib", ".dll")


def binary_kind(data: bytes) -> tuple[str, int]:
    """(format, machine) from an extension module's header."""
    if data[:4] == b"\x7fELF":
        assert data[4] == 2, "not a 64-bit ELF"
        endian = "<" if data[5] == 1 else ">"
        return "elf", struct.unpack_from(endian + "H", data, 18)[0]
    if data[:4] == b"\xcf\xfa\xed\xfe":  # Mach-O 64-bit, little-endian
        return "macho", struct.unpack_from("<I", data, 4)[0]
    if data[:2] == b"MZ":
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        assert data[pe:pe + 4] == b"PE\0\0", "no PE header"
        return "pe", struct.unpack_from("<H", data, pe + 4)[0]
    raise AssertionError(f"unknown binary format {data[:8]!r}")


@pytest.mark.parametrize("target", PLATFORM_TARGETS)
def test_platform_vsix_content(platform_vsixes, target):
    want = EXPECTED[target]
    with zipfile.ZipFile(platform_vsixes[target]) as zf:
        names = set(zf.namelist())
        manifest_xml = zf.read("extension.vsixmanifest").decode()
        package = json.loads(zf.read("extension/package.json"))
        bundle = json.loads(zf.read(LIBS + "shapelens_bundle.json"))
        modules = {n: zf.read(n) for n in names if n.endswith(MODULE_SUFFIXES)}

    # the VSIX is a platform-specific one, for this target
    assert f'TargetPlatform="{target}"' in manifest_xml, manifest_xml[:1500]
    assert package["name"] == "shapelens" and "extension/out/extension.js" in names
    assert package["capabilities"]["untrustedWorkspaces"]["supported"] == "limited"
    assert set(package["capabilities"]["untrustedWorkspaces"]["restrictedConfigurations"]) == {
        "shapelens.interpreter", "shapelens.importStrategy"}

    # one libcst extension module per CPython version, named as CPython looks for it on this platform,
    # and nothing compiled for another platform
    assert bundle["target"] == target and bundle["python"] == want["python"], bundle
    assert bundle["libcst"] == want["libcst"], bundle
    expected_modules = {LIBS + "libcst/" + want["module"].format(v=v.replace(".", "")) for v in want["python"]}
    assert set(modules) == expected_modules, sorted(set(modules) ^ expected_modules)
    assert {LIBS + m for m in bundle["native"].values()} == expected_modules
    for name, data in modules.items():
        assert binary_kind(data) == want["binary"], (name, binary_kind(data))

    # the wheels they came from: libcst for each CPython version (cpXY-cpXY) and this platform;
    # the rest pure Python
    libcst_wheels = [w for w in bundle["wheels"] if w.startswith("libcst-")]
    tags = []
    for wheel in libcst_wheels:
        m = re.fullmatch(r"libcst-([\d.]+)-(cp\d+)-(cp\d+)-(.+)\.whl", wheel)
        assert m and m.group(1) == want["libcst"] and m.group(2) == m.group(3), wheel
        assert all(re.fullmatch(want["wheel_platform"], tag) for tag in m.group(4).split(".")), wheel
        tags.append(m.group(2))
    assert tags == ["cp" + v.replace(".", "") for v in want["python"]], libcst_wheels
    pure = [w for w in bundle["wheels"] if not w.startswith("libcst-")]
    assert sorted(w.split("-")[0].lower() for w in pure) == sorted(PURE_WHEELS), pure
    assert all(w.endswith("-py3-none-any.whl") for w in pure), pure

    # the pure-Python parts, and shapelens exactly as in the repository (its modules, no caches)
    missing = [p for p in PURE if LIBS + p not in names]
    assert not missing, missing
    bundled = {n[len(LIBS + "shapelens/"):] for n in names if n.startswith(LIBS + "shapelens/") and n.endswith(".py")}
    source = ROOT / "server" / "shapelens"
    repo = {p.relative_to(source).as_posix() for p in source.rglob("*.py") if "__pycache__" not in p.parts}
    assert bundled == repo, sorted(bundled ^ repo)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if "/libcst/" in n and "/tests/" in n]
