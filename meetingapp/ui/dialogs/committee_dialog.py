""" "Vilka nämnder sitter du i?" — who the user is and which committees they sit on.

Asked after the first sync (the names come from the document system) and
changeable later under Arkiv → Mina nämnder. Choosing a name preselects the
committees of that person's current memberships. The documents of the chosen
committees' meetings are kept offline; everything else is fetched when opened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from meetingapp.core.context import AppContext
from meetingapp.core.sources import DEFAULT_DAYS_BACK, CommitteeChoice

ID_ROLE = Qt.ItemDataRole.UserRole


class CommitteeDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Mina nämnder"))
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Vem är du?"))
        self.committees = QListWidget()
        self.committees.setAccessibleName(self.tr("Vilka nämnder sitter du i?"))
        self.days_back = QSpinBox()
        self.days_back.setRange(0, 3650)
        self.days_back.setValue(DEFAULT_DAYS_BACK)
        self.days_back.setSuffix(self.tr(" dagar"))
        self.days_back.setAccessibleName(self.tr("Behåll tidigare sammanträdens handlingar"))
        self._fill()
        self.person.currentIndexChanged.connect(self._preselect)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._layout(buttons)
        self._restore(context.sources.committee_choice())

    def _layout(self, buttons: QDialogButtonBox) -> None:
        intro = QLabel(
            self.tr(
                "Handlingarna till dina nämnders sammanträden hämtas till datorn så att "
                "du kan läsa dem utan uppkoppling. Andra handlingar hämtas när du "
                "öppnar dem."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Vem är du?"), self.person)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Vilka nämnder sitter du i?")))
        layout.addWidget(self.committees)
        keep = QFormLayout()
        keep.addRow(self.tr("Behåll tidigare sammanträdens handlingar i"), self.days_back)
        layout.addLayout(keep)
        layout.addWidget(buttons)
        self.resize(520, 520)

    def _fill(self) -> None:
        self.person.addItem(self.tr("(Välj ditt namn)"), None)
        for person in self.context.library.persons():
            self.person.addItem(person.name, person.id)
        for committee in self.context.library.committees():
            item = QListWidgetItem(committee.name)
            item.setData(ID_ROLE, committee.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.committees.addItem(item)

    def _items(self) -> list[QListWidgetItem]:
        items = (self.committees.item(row) for row in range(self.committees.count()))
        return [item for item in items if item is not None]

    def _check(self, committee_ids: frozenset[str]) -> None:
        for item in self._items():
            checked = item.data(ID_ROLE) in committee_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _preselect(self) -> None:
        person_id = self.person.currentData()
        if isinstance(person_id, str):
            self._check(self.context.sources.suggested_committees(person_id))

    def _restore(self, choice: CommitteeChoice | None) -> None:
        if choice is None:
            return
        index = self.person.findData(choice.person_id)
        self.person.blockSignals(True)
        self.person.setCurrentIndex(max(index, 0))
        self.person.blockSignals(False)
        self._check(choice.committee_ids)
        self.days_back.setValue(choice.days_back)

    def select_person(self, person_id: str) -> None:
        self.person.setCurrentIndex(self.person.findData(person_id))

    def choice(self) -> CommitteeChoice:
        person_id = self.person.currentData()
        chosen = frozenset(
            str(item.data(ID_ROLE))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )
        return CommitteeChoice(
            person_id if isinstance(person_id, str) else None, chosen, self.days_back.value()
        )
