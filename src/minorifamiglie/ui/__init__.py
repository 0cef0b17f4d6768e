"""Everything Qt: the application, the task runner, windows, pages, dialogs and table models."""
