"""The cache serves an entry only for the question it answers (issue 11, item 1).

Each case reproduces what once happened: a settings file served the records cached for the same
bytes; an entry copied over another was accepted; planted entries with odd types crashed a run;
with no home directory the cache went to ``./~/.cache`` inside the inventory.
"""

from __future__ import annotations

import marshal
import os
import random
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SMALL_INVENTORY

from itready.cli import main
from itready.loader import cache as cache_module
from itready.loader.cache import ROLES, Cache, digest

AS_OF = ["--as-of", "2026-11-27"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    return result.exit_code, result.output


def entries(directory: Path) -> list[Path]:
    """Every entry of a cache directory (its secret lives beside the entry folders)."""
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.parent != directory)


@pytest.fixture
def musterstadt(tmp_path: Path) -> Path:
    """A copy of the example inventory inside a parent folder, as in the repository."""
    parent = tmp_path / "inventories"
    shutil.copytree(ROOT / "inventories" / "musterstadt", parent / "musterstadt")
    return parent


def test_validating_the_parent_folder_does_not_poison_the_settings(
        musterstadt: Path, _private_cache_dir: Path) -> None:
    inventory = str(musterstadt / "musterstadt")
    expected = run("check", inventory, *AS_OF, "-f", "text", "--no-cache")
    assert run("check", inventory, *AS_OF, "-f", "text") == expected
    # the mistake: the parent folder, where itready.yaml is read as a records file
    assert run("validate", str(musterstadt))[0] == 2
    assert run("check", inventory, *AS_OF, "-f", "text") == expected
    assert run("validate", inventory) == run("validate", inventory, "--no-cache")


ONE_WORKPLACE = {
    "sites.yaml": "sites:\n  - id: RH\n    name: Rathaus\n",
    "workplaces.yaml": "workplaces:\n  - id: WP-1\n    department: Hauptamt\n    site: RH\n"
                       "    work_model: telework\n",
}


def test_an_entry_copied_over_another_is_a_miss(make_inventory, _private_cache_dir: Path
                                                ) -> None:
    root = str(make_inventory(ONE_WORKPLACE))
    expected = run("check", root, *AS_OF, "-f", "json", "--no-cache")
    assert '"findings": 0' not in expected[1]
    assert run("check", root, *AS_OF, "-f", "json") == expected
    assert run("validate", root) == run("validate", root, "--no-cache")
    # the validated records of both files (typed decoding keeps no parsed data) and the verdict
    found = entries(_private_cache_dir)
    assert len(found) >= 3
    for source in found:  # every entry copied over every other one, in turn
        for target in found:
            if source != target:
                saved = target.read_bytes()
                target.write_bytes(source.read_bytes())
                assert run("check", root, *AS_OF, "-f", "json") == expected
                target.write_bytes(saved)


def test_shuffled_entries_give_the_no_cache_answer(musterstadt: Path,
                                                   _private_cache_dir: Path) -> None:
    inventory = str(musterstadt / "musterstadt")
    commands = [("check", inventory, *AS_OF, "-f", "json"), ("validate", inventory),
                ("validate", str(musterstadt)), ("gaps", inventory, *AS_OF, "-f", "json"),
                ("procure", inventory, *AS_OF, "-f", "json")]
    expected = [run(*command, "--no-cache") for command in commands]
    assert [run(*command) for command in commands] == expected  # fills the cache
    found = entries(_private_cache_dir)
    assert len(found) > 15
    contents = [p.read_bytes() for p in found]
    for seed in range(3):
        shuffled = contents[:]
        random.Random(seed).shuffle(shuffled)
        for path, content in zip(found, shuffled, strict=True):
            path.write_bytes(content)
        assert [run(*command) for command in commands] == expected


# --- planted entries ---------------------------------------------------------------------------


def plant(directory: Path, role: str, content: bytes, data: object) -> None:
    """An entry as only someone who can read the cache's secret could write it."""
    cache = Cache(directory)
    cache.put(role, digest(content), data)


def test_planted_entries_of_odd_types_are_misses(make_inventory, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from itready.loader.verdict import inventory_key

    directory = tmp_path / "cache"
    monkeypatch.setenv("ITREADY_CACHE_DIR", str(directory))
    root = make_inventory(SMALL_INVENTORY)
    expected = run("check", str(root), *AS_OF, "-f", "json", "--no-cache")
    sites = (root / "sites.yaml").read_bytes()
    workplaces = (root / "hauptamt" / "workplaces.yaml").read_bytes()
    odd_records = [
        (1, ((b"sites", 0, (b"RH", None, None, 0, (), ())),), (), (), ()),  # bytes everywhere
        (1, (("sites", 0, (b"RH", "Rathaus", None, 0, (), ())),), (), (), ()),  # bytes id
        (1, (("sites", 0, ("RH", "Rathaus", None, "0", (), ())),), (), (), ()),  # text count
        (1, (("sites", 0, ("RH", "Rathaus", None, True, (), ())),), (), (), ()),  # bool count
        (1, (("sites", 0, ("RH", 7, None, 0, (), ())),), (), (), ()),  # number as name
        (1, (), (), ((b"RH", "sites", 0),), ()),  # bytes in the ids
        (1, (), ((5, "message", ()),), (), ()),  # a number as error code
        (1, (), (), (), (((1,), ("site",), "site", ("x",), False),)),  # number as a target
        {"not": "a tuple"},
        (1, (("nothing", 0, ()),), (), (), ()),  # unknown kind
    ]
    odd_data = [{1: "int key"}, {"sites": [{"id": b"RH"}]}, {"sites": {(1, 2): 3}},
                {"sites": [{"id": "RH", "name": bytearray(b"x")}]}, b"bytes", 3 + 4j]
    for packed in odd_records:
        plant(directory, "records", sites, packed)
        assert run("check", str(root), *AS_OF, "-f", "json") == expected, packed
    for data in odd_data:
        plant(directory, "records-data", workplaces, data)
        plant(directory, "settings-data", workplaces, data)
        assert run("check", str(root), *AS_OF, "-f", "json") == expected, data
    key = inventory_key(root)
    assert key is not None
    for verdict in [(((b"E001", "m", "p", 1, 1),), 2, (1, 1, 1, 1, 1)),
                    ((), "2", (1, 1, 1, 1, 1)), ((), 2, (1, 1)), ((), 2, [1, 1, 1, 1, 1])]:
        Cache(directory).put("verdict", key, verdict)
        assert run("validate", str(root)) == run("validate", str(root), "--no-cache")


def test_the_tag_is_checked_before_anything_is_decoded(make_inventory, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """marshal can crash the interpreter on crafted data: an entry whose tag does not match
    its key and payload never reaches it."""
    directory = tmp_path / "cache"
    root = make_inventory(SMALL_INVENTORY)
    from itready import load

    load(root, cache=Cache(directory))
    for entry in entries(directory):
        blob = bytearray(entry.read_bytes())
        blob[-1] ^= 0x01
        entry.write_bytes(bytes(blob))
    decoded: list[bytes] = []

    def loads(payload: bytes) -> object:
        decoded.append(payload)
        return marshal.loads(payload)

    monkeypatch.setattr(cache_module.marshal, "loads", loads)
    assert load(root, cache=Cache(directory)).inventory == load(root).inventory
    assert decoded == []


def test_every_role_has_its_own_entry(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    for role in ROLES:
        cache.put(role, digest(b"same bytes"), role)
    assert [cache.get(role, digest(b"same bytes")) for role in ROLES] == list(ROLES)
    assert len(entries(tmp_path / "cache")) == len(ROLES)
    with pytest.raises(ValueError):
        cache.entry("rules-of-another-kind", digest(b""))


def test_another_tool_version_is_a_miss(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    Cache(tmp_path / "cache").put("records", digest(b"x"), ("data",))
    assert Cache(tmp_path / "cache").get("records", digest(b"x")) == ("data",)
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert Cache(tmp_path / "cache").get("records", digest(b"x")) is Cache.MISS


# --- the directory -----------------------------------------------------------------------------


def test_cache_directory_is_created_private(make_inventory, tmp_path: Path) -> None:
    directory = tmp_path / "deep" / "cache"
    from itready import load

    load(make_inventory(SMALL_INVENTORY), cache=Cache(directory))
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE((directory / "secret").stat().st_mode) == 0o600
    assert all(stat.S_IMODE(p.parent.stat().st_mode) == 0o700 for p in entries(directory))


def test_a_readable_cache_of_ones_own_is_made_private(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o755)
    directory.chmod(0o755)
    Cache(directory).put("verdict", "k", 1)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o775, 0o757, 0o777])
def test_a_cache_others_may_write_to_is_not_used(make_inventory, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 mode: int) -> None:
    directory = tmp_path / "shared"
    directory.mkdir()
    directory.chmod(mode)
    monkeypatch.setenv("ITREADY_CACHE_DIR", str(directory))
    root = make_inventory(SMALL_INVENTORY)
    result = CliRunner().invoke(main, ["check", str(root), *AS_OF, "-f", "json"])
    assert result.exit_code == 1, result.output  # the findings of SMALL_INVENTORY
    assert "warning: cache not used" in result.output and "chmod 700" in result.output
    assert list(directory.iterdir()) == []  # nothing read from it, nothing written
    assert stat.S_IMODE(directory.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="only root can give a directory to another user")
def test_a_cache_of_another_user_is_not_used(tmp_path: Path) -> None:
    directory = tmp_path / "theirs"
    directory.mkdir(mode=0o700)
    os.chown(directory, 4242, 4242)
    cache = Cache(directory)
    cache.put("verdict", "k", 1)
    assert cache.get("verdict", "k") is Cache.MISS
    assert cache.unusable is not None and "not owned by you" in cache.unusable
    assert list(directory.iterdir()) == []


def test_a_damaged_secret_is_replaced(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    Cache(directory).put("verdict", "k", 1)
    (directory / "secret").write_bytes(b"short")
    assert Cache(directory).get("verdict", "k") is Cache.MISS
    Cache(directory).put("verdict", "k", 2)
    assert Cache(directory).get("verdict", "k") == 2


@pytest.mark.parametrize("environment", [
    {},  # no HOME, no passwd entry
    {"XDG_CACHE_HOME": "relative/cache"},  # relative: ignored, as the XDG specification says
    {"HOME": "relative-home"},
    {"HOME": "~"},
])
def test_no_absolute_cache_home_means_no_cache(make_inventory, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               environment: dict[str, str]) -> None:
    import pwd

    def no_entry(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    for name in ("ITREADY_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    root = make_inventory(SMALL_INVENTORY)
    monkeypatch.chdir(root)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    assert cache_module.default_dir() is None
    code, output = run("check", ".", *AS_OF, "-f", "text")
    assert code == 1 and "warning" not in output
    code, output = run("validate", ".")
    assert code == 0 and output.startswith("valid:")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_explicit_cache_directory_is_made_absolute(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ITREADY_CACHE_DIR", "mine")
    assert cache_module.default_dir() == tmp_path / "mine"
