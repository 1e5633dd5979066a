"""The embedder's core: image decoding, the model lifecycle and dynamic batching. No gRPC here."""
