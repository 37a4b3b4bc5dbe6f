"""Data files of the crmlab course (installed as the package ``crmlab.data``).

Read them through :mod:`crmlab.datasets`, which finds them with
``importlib.resources`` whether crmlab is installed from a wheel or in
editable mode. What each file holds, its source and licence: ``README.md``.
"""
