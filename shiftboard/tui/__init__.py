"""The terminal board (Textual): screens, widgets and key bindings. Holds no rules; calls `Desk`."""
