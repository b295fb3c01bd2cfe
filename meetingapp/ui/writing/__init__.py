"""The user's writing on screen: notes, overview, annotations, exports."""
