"""The pure core: entities, enums, validation and rules; standard library and small validators."""
