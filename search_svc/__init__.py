"""The search service: durable item store, USearch index, calibrated normal and deep search.

`search_svc.core` holds the gRPC-free logic; the servicer and server layers
translate between it and `mediasearch.search.v1`.
"""
