"""The member's binder: committees, meetings, agendas, documents, page counts."""
