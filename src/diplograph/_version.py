"""The package version, read by hatchling at build time and by ``diplograph --version``."""

__version__ = "0.1.0"
