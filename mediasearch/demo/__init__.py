"""The emoji demo domain: sprite atlas, scenes, captions, held-out words, demo corpus and quality metrics."""
