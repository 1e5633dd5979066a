"""`python -m expansion_svc` starts the expansion service."""

from expansion_svc.server import main

raise SystemExit(main())
