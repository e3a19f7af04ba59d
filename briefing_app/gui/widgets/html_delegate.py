"""Paints item text given as (escaped) HTML, so search matches can be highlighted."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

HTML_ROLE = Qt.ItemDataRole.UserRole + 10


def highlight(text: str, terms: list[str]) -> str:
    """Escape `text` and mark every case-insensitive occurrence of each term."""
    folded = text.casefold()
    marks = [False] * len(text)
    for term in terms:
        t = term.casefold()
        if not t or len(folded) != len(text):
            continue
        start = folded.find(t)
        while start >= 0:
            for i in range(start, min(len(text), start + len(t))):
                marks[i] = True
            start = folded.find(t, start + 1)
    out, inside = [], False
    for ch, marked in zip(text, marks, strict=True):
        if marked and not inside:
            out.append("<span style='background:#ffe38a;font-weight:600'>")
        elif not marked and inside:
            out.append("</span>")
        inside = marked
        out.append(html.escape(ch))
    if inside:
        out.append("</span>")
    return "".join(out)


class HtmlDelegate(QStyledItemDelegate):
    def _doc(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        # one line, as sizeHint promises: a wrapped excerpt showed a sliver of its second
        # line under the first (the whole text is the item's tooltip)
        one_line = QTextOption()
        one_line.setWrapMode(QTextOption.WrapMode.NoWrap)
        doc.setDefaultTextOption(one_line)
        doc.setHtml(index.data(HTML_ROLE) or html.escape(index.data() or ""))
        doc.setTextWidth(max(50, option.rect.width() - 8))
        return doc

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if not index.data(HTML_ROLE):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._doc(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text,
                                 opt.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(text_rect.topLeft())
        painter.setClipRect(QRectF(0, 0, text_rect.width(), text_rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        if not index.data(HTML_ROLE):
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        height = opt.fontMetrics.height() + 8  # one line: excerpts are single-line
        return QSize(opt.fontMetrics.horizontalAdvance(index.data() or ""), height)
