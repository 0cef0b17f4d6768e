"""Only what pyproject.toml cannot say: resources/ installed as the package minorifamiglie.resources."""

from setuptools import find_packages, setup

setup(
    package_dir={"": "src", "minorifamiglie.resources": "resources"},
    packages=[*find_packages("src"), "minorifamiglie.resources"],
)
