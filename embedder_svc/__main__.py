"""`python -m embedder_svc` starts the embedder service."""

from embedder_svc.server import main

raise SystemExit(main())
