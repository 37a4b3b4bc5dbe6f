"""The optional build dependencies: a clear message naming the extra to install when one is missing."""

from __future__ import annotations

import importlib
from types import ModuleType

#: module -> pip package, all in the ``course`` extra of pyproject.toml
OPTIONAL = {"latex2mathml": "latex2mathml", "fontTools": "fonttools", "nbconvert": "nbconvert", "nbclient": "nbclient"}


class MissingDependency(ImportError):
    """A build dependency is not installed; the message says which extra installs it."""


def require(module: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependency` naming the ``course`` extra."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        package = OPTIONAL.get(module.split(".")[0], module.split(".")[0])
        raise MissingDependency(
            f'构建课程需要 {package}，但没有安装：请在项目文件夹中运行 pip install -e ".[course]" '
            f'(building the course needs {package}: run pip install -e ".[course]"; {err})'
        ) from err
