"""Package list for setuptools; all other metadata is in pyproject.toml.

resources/ and db/ sit at the top of the checkout (as the user asked) but ship inside
the wheel as briefing_app._resources and briefing_app._migrations; their sub-folders
(fonts, demo data, migration versions) are listed as data packages so that every file
in them is carried.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
DATA = {"briefing_app._resources": "resources", "briefing_app._migrations": "db"}


def _data_packages() -> dict[str, list[str]]:
    packages: dict[str, list[str]] = {}
    for package, folder in DATA.items():
        root = HERE / folder
        for sub in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
            if "__pycache__" in sub.parts:
                continue
            name = ".".join([package, *sub.relative_to(root).parts])
            packages[name] = ["*"]
    return packages


DATA_PACKAGES = _data_packages()

setup(
    packages=find_packages(include=["briefing_app", "briefing_app.*"]) + list(DATA_PACKAGES),
    package_data=DATA_PACKAGES,
    exclude_package_data={"": ["*.pyc"]},
)
