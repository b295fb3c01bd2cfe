"""The user's own writing: annotations, notes and stars, written durably."""
