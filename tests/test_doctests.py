"""Every doctest in the installed `protokoll` package, one test per module.

Run through the package's own import name (not file paths), so a module is imported once,
as `protokoll.<stage>.<module>`, the way the product imports it.
"""
import doctest
import importlib
import pkgutil

import pytest

import protokoll

MODULES = sorted(info.name for info in pkgutil.walk_packages(protokoll.__path__, "protokoll.")
                 if not info.name.startswith(("protokoll.tests", "protokoll.bench", "protokoll.tools",
                                              "protokoll.__main__", "protokoll.normalize.__main__")))


def test_the_package_has_modules_with_doctests():
    with_examples = [name for name in MODULES if doctest.DocTestFinder().find(importlib.import_module(name))
                     and any(t.examples for t in doctest.DocTestFinder().find(importlib.import_module(name)))]
    assert len(with_examples) >= 10, with_examples


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
