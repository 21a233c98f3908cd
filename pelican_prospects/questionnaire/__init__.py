"""Self-qualification questionnaires and their build-time routing."""
