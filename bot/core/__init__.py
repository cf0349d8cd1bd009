"""The foundation every layer imports: settings, database, models, phones, logs, workspace config.

Nothing here imports the edges (routes, CLI, staff, channels, console) or the layers above
(handlers, scheduler), so imports run one way: edges > handlers and scheduler > knowledge and core.
"""
