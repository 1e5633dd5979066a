"""The expansion service: semantic query expansion from WordNet and a curated photo-search map."""
