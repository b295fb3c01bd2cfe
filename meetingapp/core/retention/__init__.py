"""Gallring and revocation: what leaves this machine, why, and telling the user.

A run (after every sync, and at start) decides per document on this machine
whether its content must go, and why (:class:`~meetingapp.oparl.scope.RemovalReason`):

- **revoked** (the document is no longer the user's): the server refused it
  (401/403) or said it is gone (410) when the sync asked for it; its file row was
  deleted (a tombstone); after a sync, no meeting, agenda item or paper holds it
  any more (its meeting or item was removed); or it is non-public and belongs only
  to meetings of committees in which the user's membership has ended;
- **expired**: its retention period after the last meeting that handles it is
  over (``sync.scope.RetentionPeriods``).

A membership that ended removes the non-public documents of *all* that
committee's meetings, before the end date too: the right to hold a committee's
confidential material comes with the assignment, and ends with it (the duty of
confidentiality stays). Public documents are allmänna handlingar; they follow the
ordinary periods. A committee the user still sits in through another membership
(ledamot to ersättare, say) has not ended, and a document that is also handled
by a meeting of a committee the user still sits in stays.

Removal really deletes: every version's row (with its page count and search
entries, whose FTS rows go by trigger; the FTS index is then merged so the
deleted terms leave its segments), the blob when no other version uses it (a
blob may hold the same content for two files), a partial download of it, and
for a revoked document the reading position and reading state. The removal
runs with ``secure_delete`` on, so the pages it frees are overwritten; the WAL is then
checkpointed and truncated, and the file compacted when much was freed
(:func:`compact`). The document's metadata stays: it shows as not downloaded
and can be fetched again when opened (the scope never fetches it by itself).

Expiry never takes a document from under its reader: one fetched or opened in
the last day (``RECENT_USE``), or said to be open (``in_use``), waits for a
later run (the window tells the program which documents its views show). A
revocation does not wait: after the run the window shows such a view's
document as it now is, not on this machine; opened again, it is fetched on
demand, which the server refuses (401/403/410) or, after a membership ended,
may still grant, and then the next run removes it again. A mark made on a view
whose version went meanwhile is kept without that version, to be placed again.

The user's annotations and notes on what goes follow the policy
(:class:`~meetingapp.core.settings.WritingPolicy`): kept (the default; a revoked
document with annotations is listed under "Anteckningar på borttagna
handlingar"), or written to a Markdown file per meeting in the folder the user
chose, and only then removed. A failed export keeps them. What was removed,
when, why, and what became of the writing is kept in ``removal_log`` for
:data:`LOG_DAYS` days, for the user to be told.

The package's modules, in the order a run uses them:

- ``deciding``: what a run removes and why (:func:`~.deciding.plan_removals`), the
  ended memberships; reads only.
- ``user_writing``: the user's writing on what goes, read before the removal and
  exported under the export policy; what became of it (``WritingOutcome``).
- ``removing``: deleting the local copies (:func:`~.removing.remove_local_copies`),
  the exported writing and the blobs, logging each removal, and :func:`~.removing.compact`.
- ``run``: one run (:func:`~.run.run_retention`) and its ``RetentionReport``.
- ``telling``: the removal log as the user is told it (``LOG_DAYS``, ``LoggedRemoval``).
"""
