"""The small runtime every mediasearch service starts through.

Settings, domain errors and their status mapping, interceptors (metrics,
logging, load shedding, errors), health, reflection and graceful shutdown.
"""
