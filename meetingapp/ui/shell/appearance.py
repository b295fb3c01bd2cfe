"""How the program looks: high contrast and text size, for the whole application.

Both take effect at once: the palette, style sheet and fonts are set on the
QApplication, which passes them to every widget. What the system gave us at
the start (font, per-class fonts, palette, style) is remembered, so "follow
the system" and "normal contrast" go back to exactly that.

High contrast is white on black with yellow and cyan for selection, focus and
links, thick borders and a focus frame on every control. It uses the Fusion
style, which draws with the palette (the native Windows and macOS styles
largely ignore it). "Follow the system" reads Qt's contrast preference
(``QStyleHints.accessibility().contrastPreference()``, Qt 6.10+), which Qt
fills in on Windows, macOS and GNOME/KDE; where it cannot tell, the system is
taken to want normal contrast, and the user can still turn it on here.

Text size scales the system's font (point sizes, so it stays correct on any
screen); nothing in the program sets a font size in pixels.
"""

from __future__ import annotations

from enum import Enum
from typing import Final

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from meetingapp.core.settings import Settings, wants_high_contrast

HIGH_CONTRAST_PROPERTY: Final = "meetingapp.highContrast"
CONTROLLER_NAME: Final = "meetingapp.appearance"
HIGH_CONTRAST_STYLE: Final = "Fusion"

BLACK: Final = "#000000"
WHITE: Final = "#ffffff"
YELLOW: Final = "#ffff00"
CYAN: Final = "#00ffff"
GREY: Final = "#a6a6a6"  # disabled text: 8.6:1 on black, still clearly not white
DARK_GREY: Final = "#1f1f1f"  # alternate rows

CLASS_FONTS: Final = (
    "QMenu", "QMenuBar", "QMenuItem", "QMessageBox", "QLabel", "QTipLabel", "QStatusBar",
    "QMdiSubWindowTitleBar", "QDockWidgetTitle", "QPushButton", "QCheckBox", "QRadioButton",
    "QToolButton", "QAbstractItemView", "QListView", "QHeaderView", "QListBox",
    "QComboMenuItem", "QComboLineEdit", "QSmallFont", "QMiniFont",
)  # fmt: skip
"""The widget classes a platform theme may give fonts of their own (qapplication.cpp)."""


class Mark(Enum):
    """Marks in the agenda that carry a colour besides their words."""

    CONFIDENTIAL = "confidential"
    LATE_ITEM = "late_item"
    REVIEW = "review"
    """An annotation that needs the user's review after a new version."""


_MARK_COLOURS: Final = {
    (Mark.CONFIDENTIAL, False): "#a4262c",
    (Mark.LATE_ITEM, False): "#8a5300",
    (Mark.CONFIDENTIAL, True): "#ff8c8c",  # 8:1 on black
    (Mark.LATE_ITEM, True): CYAN,
    (Mark.REVIEW, False): "#8a5300",
    (Mark.REVIEW, True): "#ffff00",
}


class _Appearance(QObject):
    """What the system gave us at the start, and the settings now in force."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(CONTROLLER_NAME)
        self.app = app
        self.font = QFont(app.font())
        self.class_fonts = {name: QFont(class_font(name)) for name in CLASS_FONTS}
        self.palette = QPalette(app.palette())
        self.style_name = app.style().name()
        self.settings = Settings()
        # PySide6 invalidates the accessibility hints' wrapper with the style
        # hints' one, so both are kept while the connection is wanted.
        self._style_hints = QGuiApplication.styleHints()
        self._accessibility = self._style_hints.accessibility()
        self._accessibility.contrastPreferenceChanged.connect(
            lambda _preference: self.apply(self.settings)
        )

    def apply(self, settings: Settings) -> None:
        """Set what differs from what is in force, the style sheet last.

        A widget a style sheet has polished keeps its font when the
        application's font changes (Qt's documented limit of
        ``QApplication.setFont``), so the sheet is taken off while the font
        changes and put back afterwards.
        """
        self.settings = settings
        high = wants_high_contrast(settings.contrast, system_prefers_high_contrast())
        contrast_changes = high != is_high_contrast(self.app)
        font_changes = scaled_font(self.font, settings.text_scale) != self.app.font()
        if not (contrast_changes or font_changes):
            return
        self.app.setStyleSheet("")
        if font_changes:
            self._set_text_scale(settings.text_scale)
        if contrast_changes:
            self.app.setStyle(HIGH_CONTRAST_STYLE if high else self.style_name)
            self.app.setPalette(high_contrast_palette() if high else self.palette)
            self.app.setProperty(HIGH_CONTRAST_PROPERTY, high)
        self.app.setStyleSheet(HIGH_CONTRAST_STYLE_SHEET if high else "")

    def _set_text_scale(self, percent: int) -> None:
        """Scale the system font and each class font the platform set.

        ``QApplication.setFont`` without a class name drops the class fonts,
        so they are set again afterwards, scaled alike.
        """
        self.app.setFont(scaled_font(self.font, percent))
        for name, font in self.class_fonts.items():
            if font != self.font:
                set_class_font(scaled_font(font, percent), name)


def apply_appearance(app: QApplication, settings: Settings) -> None:
    """Apply the contrast and text size of ``settings`` to the whole application.

    Call it at start, before the main window is built, and whenever the
    settings change; with contrast "follow the system" it also follows the
    system's preference as it changes.
    """
    controller = app.findChild(_Appearance, CONTROLLER_NAME)
    if controller is None:
        controller = _Appearance(app)
    controller.apply(settings)


def system_prefers_high_contrast() -> bool:
    """The operating system's high-contrast preference, as far as Qt knows it."""
    style_hints = QGuiApplication.styleHints()  # keeps the next wrapper valid (PySide6)
    preference = style_hints.accessibility().contrastPreference()
    return preference == Qt.ContrastPreference.HighContrast


def is_high_contrast(app: QApplication | None = None) -> bool:
    """Whether high contrast is in force (for widgets that paint colours themselves)."""
    app = app or _application()
    return bool(app.property(HIGH_CONTRAST_PROPERTY)) if app is not None else False


def mark_colour(mark: Mark) -> QColor:
    """The colour of a mark in the agenda, readable in the contrast in force."""
    return QColor(_MARK_COLOURS[(mark, is_high_contrast())])


def class_font(class_name: str) -> QFont:
    """The font of a widget class; the application font when it has none of its own."""
    font: QFont = QApplication.font(class_name)  # type: ignore[call-overload]  # stubs: bytes
    return font


def set_class_font(font: QFont, class_name: str) -> None:
    QApplication.setFont(font, class_name)  # type: ignore[arg-type]  # stubs: bytes; str works


def scaled_font(font: QFont, percent: int) -> QFont:
    """``font`` at ``percent`` of its size, in points (or pixels if it was set so)."""
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * percent / 100)
    elif font.pixelSize() > 0:  # a platform font given in pixels stays in pixels
        scaled.setPixelSize(round(font.pixelSize() * percent / 100))
    return scaled


def high_contrast_palette() -> QPalette:
    """White on black; yellow selection; cyan links; grey only for disabled text."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: BLACK, roles.WindowText: WHITE, roles.Base: BLACK,
        roles.AlternateBase: DARK_GREY, roles.Text: WHITE, roles.Button: BLACK,
        roles.ButtonText: WHITE, roles.BrightText: YELLOW, roles.ToolTipBase: BLACK,
        roles.ToolTipText: WHITE, roles.PlaceholderText: "#d0d0d0", roles.Highlight: YELLOW,
        roles.HighlightedText: BLACK, roles.Link: CYAN, roles.LinkVisited: "#ff9cff",
        roles.Accent: CYAN, roles.Light: WHITE, roles.Midlight: WHITE, roles.Mid: WHITE,
        roles.Dark: WHITE, roles.Shadow: WHITE,
    }  # fmt: skip
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText, roles.PlaceholderText):
        palette.setColor(disabled, role, QColor(GREY))
    palette.setColor(disabled, roles.Highlight, QColor(GREY))
    return palette


def _application() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


HIGH_CONTRAST_STYLE_SHEET: Final = f"""
QAbstractScrollArea {{ border: 2px solid {BLACK}; }}
QPushButton, QToolButton, QComboBox, QLineEdit, QAbstractSpinBox, QTextEdit,
QPlainTextEdit, QAbstractItemView {{
    background: {BLACK}; color: {WHITE}; border: 2px solid {WHITE};
}}
QPushButton {{ padding: 0.3em 1em; }}
QToolButton {{ padding: 0.15em 0.4em; }}
QComboBox, QLineEdit, QAbstractSpinBox {{ padding: 0.1em 0.3em; }}
QPushButton:hover, QToolButton:hover, QComboBox:hover {{ border-color: {CYAN}; }}
QPushButton:focus, QToolButton:focus, QComboBox:focus, QLineEdit:focus,
QAbstractSpinBox:focus, QAbstractScrollArea:focus {{
    border: 2px solid {YELLOW};
}}
QPushButton:pressed, QToolButton:pressed, QPushButton:checked, QToolButton:checked {{
    background: {CYAN}; color: {BLACK};
}}
QPushButton:default {{ border-width: 3px; }}
QPushButton:disabled, QToolButton:disabled, QComboBox:disabled, QLineEdit:disabled,
QAbstractSpinBox:disabled {{
    color: {GREY}; border: 2px dashed {GREY};
}}
QToolBar QToolButton {{ border-color: {BLACK}; }}
QToolBar QToolButton:hover {{ border-color: {CYAN}; }}
QToolBar QToolButton:focus {{ border-color: {YELLOW}; }}
QCheckBox, QRadioButton {{ border: 2px solid transparent; padding: 0.1em; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {YELLOW}; }}
QAbstractItemView {{
    alternate-background-color: {DARK_GREY};
    selection-background-color: {YELLOW}; selection-color: {BLACK};
}}
QAbstractItemView::item:focus {{ border: 2px solid {CYAN}; }}
QHeaderView::section {{
    background: {BLACK}; color: {WHITE}; border: 1px solid {WHITE}; padding: 0.2em 0.4em;
}}
QMenuBar {{ background: {BLACK}; color: {WHITE}; border-bottom: 2px solid {WHITE}; }}
QMenuBar::item {{ padding: 0.2em 0.6em; }}
QMenuBar::item:selected, QMenu::item:selected {{ background: {YELLOW}; color: {BLACK}; }}
QMenu {{ background: {BLACK}; color: {WHITE}; border: 2px solid {WHITE}; }}
QMenu::item {{ padding: 0.25em 2em 0.25em 1.5em; }}
QMenu::item:disabled {{ color: {GREY}; }}
QMenu::separator {{ height: 2px; background: {WHITE}; margin: 0.2em 0; }}
QToolTip {{ background: {BLACK}; color: {WHITE}; border: 2px solid {YELLOW}; }}
QTabBar::tab {{
    background: {BLACK}; color: {WHITE}; border: 2px solid {WHITE}; padding: 0.3em 0.8em;
}}
QTabBar::tab:selected {{ background: {YELLOW}; color: {BLACK}; }}
QTabBar::tab:focus {{ border-color: {CYAN}; }}
QTabWidget::pane {{ border: 2px solid {WHITE}; }}
QSplitter::handle {{ background: {WHITE}; }}
QSplitter::handle:horizontal {{ width: 3px; }}
QSplitter::handle:vertical {{ height: 3px; }}
QToolBar {{ background: {BLACK}; border: none; spacing: 0.3em; }}
QToolBar::separator {{ background: {WHITE}; width: 2px; height: 2px; margin: 0.2em 0.3em; }}
QStatusBar {{ border-top: 2px solid {WHITE}; }}
QProgressBar {{
    background: {BLACK}; color: {WHITE}; border: 2px solid {WHITE}; text-align: center;
}}
QProgressBar::chunk {{ background: {CYAN}; }}
QScrollBar {{ background: {BLACK}; border: 1px solid {WHITE}; }}
QScrollBar:vertical {{ width: 1em; }}
QScrollBar:horizontal {{ height: 1em; }}
QScrollBar::handle {{ background: {WHITE}; border: 2px solid {BLACK}; }}
QScrollBar::handle:vertical {{ min-height: 2em; }}
QScrollBar::handle:horizontal {{ min-width: 2em; }}
QScrollBar::handle:hover {{ background: {CYAN}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QGroupBox {{ border: 2px solid {WHITE}; margin-top: 1.4em; padding-top: 0.4em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 0.6em; }}
"""
"""Borders and focus frames; colours also in the palette, for what Fusion paints itself."""
