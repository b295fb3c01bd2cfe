"""A least-recently-used cache of page images bounded in bytes, not in pages.

A page count says nothing about memory: one page at 400 % on a high-DPI screen
weighs as much as a hundred thumbnails. Images the view still shows are never
evicted; the others go, oldest first, once the total passes the budget.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

from PySide6.QtGui import QPixmap

Key = TypeVar("Key", bound=Hashable)


def pixmap_bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)


class ImageCache(Generic[Key]):
    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._images: OrderedDict[Key, QPixmap] = OrderedDict()
        self._bytes = 0

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._images)

    def __contains__(self, key: object) -> bool:
        return key in self._images

    def get(self, key: Key) -> QPixmap | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def __iter__(self) -> Iterator[Key]:
        return iter(list(self._images))

    def keys(self) -> list[Key]:
        return list(self._images)

    def put(self, key: Key, image: QPixmap, protected: Iterable[Key] = ()) -> list[Key]:
        """Store ``image``; returns the keys evicted to stay within the budget."""
        self.remove(key)
        self._images[key] = image
        self._bytes += pixmap_bytes(image)
        return self._evict(set(protected) | {key})

    def remove(self, key: Key) -> None:
        image = self._images.pop(key, None)
        if image is not None:
            self._bytes -= pixmap_bytes(image)

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0

    def _evict(self, protected: set[Key]) -> list[Key]:
        evicted: list[Key] = []
        for key in list(self._images):
            if self._bytes <= self.budget_bytes:
                break
            if key not in protected:
                self.remove(key)
                evicted.append(key)
        return evicted
