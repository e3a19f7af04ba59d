"""Package list for setuptools; all other metadata is in pyproject.toml.

resources/ and db/ sit at the top of the checkout (as the user asked) but ship inside
the wheel as briefing_app._resources and briefing_app._migrations, which find_packages
cannot discover by itself.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["briefing_app", "briefing_app.*"])
    + ["briefing_app._resources", "briefing_app._migrations"],
)
