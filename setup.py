"""Compile the message catalogues (.po -> .mo) in every build, editable installs included.

setuptools runs each ``build`` sub-command for a wheel (``pip install .``, ``python -m build``)
and, in editable mode, for ``pip install -e .``: then the .mo files are written beside their .po
in the source tree (git-ignored). Everything else about the project is in pyproject.toml.
"""

from pathlib import Path

from setuptools import Command, setup
from setuptools.command.build import build

LOCALE = Path("itready/locale")


class build_mo(Command):  # noqa: N801 - setuptools names commands in lower case
    description = "compile .po message catalogues to .mo"
    user_options: list = []
    editable_mode = False

    def initialize_options(self) -> None:
        self.build_lib = None

    def finalize_options(self) -> None:
        self.set_undefined_options("build_py", ("build_lib", "build_lib"))

    def _pairs(self):  # type: ignore[no-untyped-def]
        for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            yield po, (mo if self.editable_mode else Path(self.build_lib) / mo)

    def run(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po, mo in self._pairs():
            with po.open("rb") as handle:
                catalogue = read_po(handle)
            mo.parent.mkdir(parents=True, exist_ok=True)
            with mo.open("wb") as handle:
                write_mo(handle, catalogue, use_fuzzy=False)

    def get_source_files(self) -> list[str]:
        return [str(po) for po, _ in self._pairs()]

    def get_outputs(self) -> list[str]:
        return [str(Path(self.build_lib) / po.with_suffix(".mo")) for po, _ in self._pairs()]

    def get_output_mapping(self) -> dict[str, str]:
        return {}


build.sub_commands.append(("build_mo", None))
setup(cmdclass={"build_mo": build_mo})
