"""The member's binder on screen: meetings and the agenda."""
