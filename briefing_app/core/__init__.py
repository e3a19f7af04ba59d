"""The domain: models, storage, operations, search, time zones. Never imports Qt."""
