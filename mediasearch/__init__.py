"""mediasearch: shared code for the mediasearch services.

Holds the generated protobuf code (`mediasearch.<service>.v1`), the service
runtime (`mediasearch.runtime`), vector packing and the client helpers.
"""

__version__ = "0.1.0"
