"""Run Greeter with `python -m greeter`."""

from greeter.cli import main

raise SystemExit(main())
