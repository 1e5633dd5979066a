"""The web component: a page to search with and an HTTP/JSON API, both talking to the search service over gRPC.

It imports no service package: everything it knows about the search service
comes from the generated `search.v1` code, so it can run in its own process
(`mediasearch web`) or Deployment, next to a search service anywhere.
"""
