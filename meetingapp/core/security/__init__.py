"""Keys, the app lock and the vault that unlocks the store."""
