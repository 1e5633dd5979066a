"""The small runtime every mediasearch service starts through.

Settings, domain errors and their status mapping, interceptors (metrics,
logging, fair share of slots per caller, deadlines, errors), idle-bounded
request streams, health that follows saturation, reflection, and a shutdown
that no stuck handler can block.
"""
