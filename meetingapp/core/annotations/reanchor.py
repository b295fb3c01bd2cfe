"""Carrying the user's annotations to a new version of a document.

After a sync brings a new version of a file the user has annotated, the words of
every page of the new version are read in a render worker and each annotation
is placed again (:mod:`meetingapp.core.annotations.anchoring`): kept where it was,
moved with its text, or, when it cannot be placed with confidence, left on its
old version and marked for review. An annotation the user changes while this
runs is not overwritten: it is tried again on the next run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from meetingapp.core.annotations.anchoring import Placement, reanchor
from meetingapp.core.annotations.text import PageText
from meetingapp.core.packet.library import file_type_of
from meetingapp.core.render import RenderError, RenderWorker, RenderWorkerCrashed
from meetingapp.store import Store
from meetingapp.store.annotations import (
    AnchorState,
    Annotation,
    annotations_of_file,
    files_with_annotations_off_version,
    get_annotation,
    save_annotation,
)

OPEN_TIMEOUT: Final = 30.0

_log = logging.getLogger(__name__)


@dataclass
class ReanchorReport:
    """What one run did, for the window to show."""

    files: list[str] = field(default_factory=list)
    """Files whose annotations were carried to a new version."""
    kept: int = 0
    moved: int = 0
    review: int = 0
    failed_files: int = 0


def reanchor_annotations(store: Store, cancel: threading.Event | None = None) -> ReanchorReport:
    """Carry every annotation that is not on its file's current version to it.

    Runs on the calling thread (never the GUI thread), in a render worker process.
    """
    report = ReanchorReport()
    work = files_with_annotations_off_version(store.db.read())
    if not work:
        return report
    with RenderWorker(timeout=OPEN_TIMEOUT, cache_size=1, blob_key=store.blobs.key) as worker:
        try:
            worker.start()
        except RenderWorkerCrashed as error:
            _log.warning("Cannot re-anchor annotations: %s", error)
            return report
        for file_id, version_id in work:
            if cancel is not None and cancel.is_set():
                break
            _reanchor_file(store, worker, file_id, version_id, report)
    return report


def _reanchor_file(
    store: Store, worker: RenderWorker, file_id: str, version_id: int, report: ReanchorReport
) -> None:
    pages = _pages_of(store, worker, file_id, version_id)
    if pages is None:
        report.failed_files += 1
        return  # tried again on the next run; the annotations stay where they are
    waiting = [
        annotation
        for annotation in annotations_of_file(store.db.read(), file_id)
        if annotation.version_id != version_id and annotation.checked_version_id != version_id
    ]
    placements = _placements(store, worker, file_id, waiting, pages)
    with store.db.write() as db:
        for annotation, placement in zip(waiting, placements, strict=True):
            current = get_annotation(db, annotation.uid)
            if current != annotation:
                continue  # changed or removed by the user meanwhile
            save_annotation(db, _placed(annotation, placement, version_id))
            _count(report, placement)
    report.files.append(file_id)


def _placements(
    store: Store,
    worker: RenderWorker,
    file_id: str,
    waiting: Sequence[Annotation],
    pages: Sequence[PageText],
) -> list[Placement]:
    """Place the annotations, each group with the pages of the version it was made on:
    the old text tells a moved passage from a deleted one with a twin elsewhere. When
    the old version is gone, the new pages alone decide (more goes to review)."""
    groups: dict[int | None, list[Annotation]] = {}
    for annotation in waiting:
        groups.setdefault(annotation.version_id, []).append(annotation)
    found: dict[str, Placement] = {}
    for old_version, group in groups.items():
        old = None if old_version is None else _pages_of(store, worker, file_id, old_version)
        for annotation, placement in zip(group, reanchor(group, pages, old), strict=True):
            found[annotation.uid] = placement
    return [found[annotation.uid] for annotation in waiting]


def _placed(annotation: Annotation, placement: Placement, version_id: int) -> Annotation:
    if placement.state is AnchorState.REVIEW:
        return replace(annotation, state=AnchorState.REVIEW, checked_version_id=version_id)
    moved = placement.page != annotation.page or placement.geometry != annotation.geometry
    return replace(
        annotation,
        version_id=version_id,
        page=placement.page,
        geometry=placement.geometry,
        quote=placement.quote,
        state=AnchorState.MOVED if moved else annotation.state,
        previous_version_id=annotation.version_id,
        previous_page=annotation.page,
        checked_version_id=version_id,
    )


def _count(report: ReanchorReport, placement: Placement) -> None:
    if placement.state is AnchorState.REVIEW:
        report.review += 1
    elif placement.state is AnchorState.MOVED:
        report.moved += 1
    else:
        report.kept += 1


def _pages_of(
    store: Store, worker: RenderWorker, file_id: str, version_id: int
) -> Sequence[PageText] | None:
    """The words of every page of a version, or None when the worker cannot read it."""
    row = (
        store.db.read()
        .execute(
            "SELECT v.blob_sha256, f.file_name, f.mime_type FROM file_version AS v "
            "JOIN file AS f ON f.id = v.file_id WHERE v.id = ?",
            (version_id,),
        )
        .fetchone()
    )
    if row is None:
        return None
    path = store.blobs.path(row["blob_sha256"])
    file_type = file_type_of(row["file_name"], row["mime_type"])
    try:
        info = worker.open_document(path, file_type=file_type)
        if info.needs_password:
            return None
        return [
            PageText.of(worker.page_words(path, page, file_type=file_type))
            for page in range(info.page_count)
        ]
    except RenderError as error:
        _log.warning("Cannot read the new version of %s: %s", file_id, error)
        return None
