"""The embedder service: SigLIP image and text embeddings over gRPC."""
