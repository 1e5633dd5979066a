"""`python -m search_svc` starts the search service."""

from search_svc.server import main

raise SystemExit(main())
