"""Sign a macOS .app inside-out, without ``codesign --deep``: every Mach-O file
inside first (Python extension modules, dylibs, the Qt frameworks' binaries), then
each nested bundle (``.framework``) from the deepest out, then the app itself with
the hardened runtime and ``packaging/entitlements.plist``. Apple's guidance: --deep
signs nested code with the outer code's options and entitlements, and is meant for
verifying only.

:func:`signing_plan` only lists the ``codesign`` commands (tested on any OS);
:func:`sign` runs them. Identity ``-`` is ad hoc (what runs locally and on Apple
silicon); a "Developer ID Application: …" identity adds a secure timestamp, which
notarization requires (``packaging/notarize``).

Standard library only; loaded by path from build.py and the tests.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ENTITLEMENTS = Path(__file__).resolve().with_name("entitlements.plist")
#: an ad-hoc signature has no Team ID: library validation must be off for the
#: bundled Python to load its extension modules (never for a Developer ID build)
ENTITLEMENTS_AD_HOC = Path(__file__).resolve().with_name("entitlements-adhoc.plist")
MACH_O_MAGIC = {
    b"\xfe\xed\xfa\xce",
    b"\xce\xfa\xed\xfe",
    b"\xfe\xed\xfa\xcf",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # universal ("fat")
}
NESTED_BUNDLE_SUFFIXES = (".framework", ".app", ".bundle", ".xpc")


def is_mach_o(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) in MACH_O_MAGIC
    except OSError:
        return False


def entitlements_for(identity: str) -> Path:
    return ENTITLEMENTS_AD_HOC if identity == "-" else ENTITLEMENTS


def _codesign(identity: str, path: Path, *, runtime: bool, entitlements: bool) -> list[str]:
    command = ["codesign", "--force", "--sign", identity]
    if identity != "-":
        command.append("--timestamp")
    if runtime:
        command += ["--options", "runtime"]
    if entitlements:
        command += ["--entitlements", str(entitlements_for(identity))]
    return [*command, str(path)]


def signing_plan(app: Path, identity: str = "-") -> list[list[str]]:
    """The codesign commands, innermost first, for ``app`` (an ``.app`` folder)."""
    main_executable = app / "Contents" / "MacOS" / app.stem
    files = [
        p
        for p in sorted(app.rglob("*"))
        if p.is_file() and not p.is_symlink() and p != main_executable and is_mach_o(p)
    ]
    bundles = [
        p
        for p in app.rglob("*")
        if p.is_dir() and not p.is_symlink() and p.suffix in NESTED_BUNDLE_SUFFIXES
    ]
    # deepest first: a bundle's signature covers what is inside it, sealed already
    files.sort(key=lambda p: (-len(p.relative_to(app).parts), str(p)))
    bundles.sort(key=lambda p: (-len(p.relative_to(app).parts), str(p)))
    plan = [_codesign(identity, p, runtime=True, entitlements=False) for p in files]
    plan += [_codesign(identity, p, runtime=True, entitlements=False) for p in bundles]
    if main_executable.is_file():
        plan.append(_codesign(identity, main_executable, runtime=True, entitlements=True))
    plan.append(_codesign(identity, app, runtime=True, entitlements=True))
    return plan


def sign(app: Path, identity: str = "-") -> int:
    """Run :func:`signing_plan`, then ``codesign --verify --strict``; the first
    failing command's status, else 0."""
    for command in signing_plan(app, identity):
        done = subprocess.run(command, check=False)
        if done.returncode:
            return done.returncode
    verify = ["codesign", "--verify", "--strict", "--verbose=2", str(app)]
    return subprocess.run(verify, check=False).returncode


def assess_command(path: Path) -> list[str]:
    """Gatekeeper's verdict on a signed, notarized and stapled app or disk image, as
    a downloaded copy would get it (``spctl --assess``; a .dmg is assessed as a file
    to open, by its primary signature)."""
    if path.suffix == ".dmg":
        return ["spctl", "--assess", "--type", "open", "--context",
                "context:primary-signature", "--verbose=2", str(path)]  # fmt: skip
    return ["spctl", "--assess", "--type", "execute", "--verbose=2", str(path)]


def dmg_command(app: Path, staging: Path, dmg: Path, volume: str) -> list[str]:
    """``hdiutil`` making a compressed disk image of ``staging`` (the app and a link
    to /Applications to drag it onto)."""
    return [
        "hdiutil",
        "create",
        "-volname",
        volume,
        "-srcfolder",
        str(staging),
        "-fs",
        "HFS+",
        "-format",
        "UDZO",
        "-ov",
        str(dmg),
    ]
