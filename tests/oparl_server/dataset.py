"""A generated OParl dataset the test server serves, and the changes tests make to it.

Objects are addressed by their *key*, the path below the server's base URL
(``meeting/17``); every method also accepts a full URL ending in such a path.
Changes are stamped with the dataset's :class:`Clock`, which only moves when a
test moves it, and follow the spec's rules: a change to an embedded object also
changes ``modified`` of the objects it is embedded in (2-08), and a deleted
object keeps id, type and created and gets ``deleted: true`` (a tombstone).
"""

from __future__ import annotations

import bisect
import random
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from tests.oparl_server.content import ContentFactory, ContentInfo, FileContent
from tests.oparl_server.generator import Builder, Schedule, Timeline
from tests.oparl_server.model import Clock, Record, key_for, require_aware

_KEY_PATTERN = re.compile(r"([a-z]+)/(\d+)/?$")


class Dataset:
    """The records of one municipality, file contents on demand, and a clock."""

    def __init__(
        self,
        *,
        seed: int = 1,
        files_per_meeting: int = 4,
        file_size: int = 16 * 1024,
        base_url: str | None = None,
        timeline: Timeline | None = None,
    ) -> None:
        """An empty dataset; :meth:`generate` is the usual way to make one."""
        self.base_url = base_url
        self.files_per_meeting = files_per_meeting
        self.contents = ContentFactory(file_size)
        self.timeline = timeline or Timeline.fixed(0)
        self.clock = Clock(self.timeline.founded)
        self.created = self.timeline.founded
        self.lock = threading.RLock()
        self.revision = 0
        """Counts the changes made through this class (for caches of rendered pages)."""
        self.records: dict[str, Record] = {}
        self._by_kind: dict[str, list[Record]] = defaultdict(list)
        self._numbers: dict[str, int] = defaultdict(int)
        self._builder = Builder(self, random.Random(seed))

    @classmethod
    def generate(
        cls,
        meetings: int = 6,
        files_per_meeting: int = 4,
        file_size: int = 16 * 1024,
        *,
        seed: int = 1,
        base_url: str | None = None,
        now: datetime | None = None,
    ) -> Dataset:
        """A municipality with ``meetings`` meetings of ``files_per_meeting`` PDFs each.

        A meeting every other day; the clock stands three days before the last one,
        so the last meeting or two are upcoming and the earlier ones have their
        protocol. By default the meetings start on 15 January 2024 (the same data
        every day); ``now`` (aware) lays them out around that moment instead, for
        code that compares with the real time. ``base_url`` None (the usual case)
        serves ids under whatever host and port the request reached.
        """
        if now is None:
            timeline = Timeline.fixed(meetings)
        else:
            timeline = Timeline.anchored(meetings, require_aware(now))
        dataset = cls(
            seed=seed,
            files_per_meeting=files_per_meeting,
            file_size=file_size,
            base_url=base_url,
            timeline=timeline,
        )
        dataset._builder.foundation(timeline.founded)
        for index in range(meetings):
            dataset._generate_meeting(index)
        dataset.clock.set(timeline.now)
        return dataset

    def _generate_meeting(self, index: int) -> None:
        organizations = self._builder.organization_keys
        start = self.timeline.meeting_start(index)
        organization = organizations[index % len(organizations)]
        schedule = Schedule.history(start, self.timeline.now)
        self._builder.meeting(organization, start, self.files_per_meeting, schedule)

    # What the builder needs.

    def reserve(self, kind: str) -> str:
        with self.lock:
            self._numbers[kind] += 1
            return key_for(kind, self._numbers[kind])

    def add_record(self, record: Record) -> None:
        with self.lock:
            self.revision += 1
            self.records[record.key] = record
            bisect.insort(self._by_kind[record.kind], record, key=lambda item: item.number)

    # Reading.

    @staticmethod
    def key_of(url_or_key: str) -> str:
        """``meeting/17`` for ``meeting/17`` or ``http://host/oparl/meeting/17``."""
        match = _KEY_PATTERN.search(url_or_key)
        if match is None:
            raise KeyError(url_or_key)
        return f"{match[1]}/{match[2]}"

    def get(self, url_or_key: str) -> Record:
        return self.records[self.key_of(url_or_key)]

    def find(self, url_or_key: str) -> Record | None:
        try:
            return self.get(url_or_key)
        except KeyError:
            return None

    def all_of(self, kind: str) -> list[Record]:
        """Every record of a kind, deleted ones too, in a stable order (by number)."""
        with self.lock:
            return list(self._by_kind[kind])

    def keys(self, kind: str, *, include_deleted: bool = False) -> list[str]:
        return [record.key for record in self.all_of(kind) if include_deleted or not record.deleted]

    @property
    def body_key(self) -> str:
        return self._builder.body_key

    def organization_keys(self) -> list[str]:
        return self.keys("Organization")

    def embedders(self, key: str) -> set[str]:
        """The objects that output this one inline."""
        with self.lock:
            return {other.key for other in self.records.values() if key in other.embedded_keys()}

    def file_content(self, url_or_key: str) -> FileContent:
        record = self.get(url_or_key)
        return self.contents.content(record.number, record.content_version)

    def file_info(self, record: Record) -> ContentInfo:
        return self.contents.info(record.number, record.content_version)

    def total_file_bytes(self) -> int:
        return sum(self.file_info(record).size for record in self.all_of("File"))

    def last_modified(self, kind: str | None = None) -> datetime:
        """The latest change to records of ``kind`` (of any kind when None)."""
        with self.lock:
            records = self._by_kind[kind] if kind else self.records.values()
            return max((record.modified for record in records), default=self.created)

    # Changing.

    def _moment(self, at: datetime | None) -> datetime:
        return require_aware(at) if at is not None else self.clock.now()

    @contextmanager
    def _change(self, url_or_key: str, at: datetime | None) -> Iterator[Record]:
        """Yield the record to change; then stamp it and everything embedding it."""
        moment = self._moment(at)
        with self.lock:
            record = self.get(url_or_key)
            yield record
            self.revision += 1
            self._stamp(record.key, moment, seen=set())

    def _stamp(self, key: str, moment: datetime, seen: set[str]) -> None:
        if key in seen:
            return
        seen.add(key)
        self.records[key].modified = moment
        for embedder in self.embedders(key):
            self._stamp(embedder, moment, seen)

    def touch(self, url_or_key: str, at: datetime | None = None) -> None:
        """Change ``modified`` (and that of the objects embedding this one)."""
        with self._change(url_or_key, at):
            pass

    def update(self, url_or_key: str, at: datetime | None = None, **fields: Any) -> None:
        """Set attributes (``name="Ny rubrik"``); None removes one."""
        with self._change(url_or_key, at) as record:
            for name, value in fields.items():
                if value is None:
                    record.fields.pop(name, None)
                else:
                    record.fields[name] = value

    def delete(self, url_or_key: str, at: datetime | None = None) -> None:
        """Soft delete: a tombstone stays at the URL, a deleted file's content is gone (410)."""
        with self._change(url_or_key, at) as record:
            record.deleted = True

    def replace_file_content(self, url_or_key: str, at: datetime | None = None) -> None:
        """New bytes for a file: new size and checksums, same id."""
        with self._change(url_or_key, at) as record:
            if record.kind != "File":
                raise ValueError(f"{record.key} is not a file")
            record.content_version += 1

    def cancel_meeting(self, url_or_key: str, at: datetime | None = None) -> None:
        with self._change(url_or_key, at) as record:
            record.fields["cancelled"] = True
            record.fields["meetingState"] = "inställt"

    def add_meeting(
        self,
        organization: str | None = None,
        *,
        start: datetime | None = None,
        files: int | None = None,
        at: datetime | None = None,
    ) -> str:
        """A new, upcoming meeting with agenda, cases and files, created at ``at``.

        Returns its key. Defaults: the first committee, two weeks ahead,
        ``files_per_meeting`` files.
        """
        moment = self._moment(at)
        with self.lock:
            return self._builder.meeting(
                self.key_of(organization) if organization else self.organization_keys()[0],
                require_aware(start) if start else moment + timedelta(days=14),
                self.files_per_meeting if files is None else files,
                Schedule.at_once(moment),
            )
