"""The application and its main window: menus, background tasks, appearance."""
