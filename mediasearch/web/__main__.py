"""`python -m mediasearch.web`: the web component as its own process."""

from mediasearch.web.app import main

main()
