"""``python -m crmlab.course build``: see :mod:`crmlab.course`."""

from crmlab.course import main

if __name__ == "__main__":
    raise SystemExit(main())
