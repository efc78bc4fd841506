"""Every text of the review and summary pages, in Vietnamese and English: the one table.

`t(key, lang, **values)` gives the text in `lang` ('vi', the default, or 'en') with {values} filled
in. Decision values in review.csv stay as they are (`confirmed error`, `false alarm`, `corrected
value`) in both languages; `DECISION_LABELS` names them on the page.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "review": ("kiểm tra số liệu", "review"),
    "checks": ("phép kiểm tra", "checks"),
    "failed": ("không khớp", "failed"),
    "open": ("chưa quyết định", "open (no decision)"),
    "decided": ("đã quyết định", "decided"),
    "skipped": ("bỏ qua", "skipped"),
    "passed": ("khớp", "passed"),
    "open_heading": ("Chưa quyết định: {n}", "Open failures: {n}"),
    "decided_heading": ("Đã quyết định: {n}", "Decided failures: {n}"),
    "none_failed": ("Không có phép kiểm tra nào không khớp.", "No check failed."),
    "none_open": ("Mọi lỗi đã có quyết định.", "Every failure has a decision."),
    "rest_heading": ("Phép kiểm tra bỏ qua và khớp", "Skipped and passed checks"),
    "expected": ("kỳ vọng (tính từ các số)", "expected (from the operands)"),
    "actual": ("số in", "actual (printed)"),
    "tolerance": ("dung sai ±", "tolerance ±"),
    "margin": ("chênh lệch", "margin"),
    "reading": ("cách đọc", "reading"),
    "rule_tolerance": ("Dung sai: {tol}.", "Tolerance: {tol}."),
    "diagnosis": ("Chẩn đoán", "Diagnosis"),
    "suggested": ("giá trị gợi ý {value} cho {ref}", "suggested value {value} for {ref}"),
    "page": ("trang {page}", "page {page}"),
    "in": ("trong", "in"),
    "header_picture": ("trang {page}, tiêu đề cột của bảng", "page {page}, the table's column header"),
    "picture_alt": ("trang {page}, các số của {check} được khoanh", "page {page}, the figures of {check} boxed"),
    "no_picture_pdf": (
        "Không có hình: không tìm thấy tệp PDF gốc (baocao review THƯ_MỤC --pdf TỆP).",
        "No picture: the source PDF was not found (baocao review REPORT_DIR --pdf FILE).",
    ),
    "no_picture": (
        "Không có hình: phép kiểm tra này không có số in để hiển thị (trang {pages}).",
        "No picture: this check has no printed figures to show (page {pages}).",
    ),
    "pdf_missing": (
        "Không tìm thấy tệp PDF gốc: thiếu hình minh họa.",
        "The source PDF was not found: pictures are missing.",
    ),
    "help": (
        "<b>Cách kiểm tra.</b> Với mỗi phép kiểm tra không khớp, xem hình và các số, chọn quyết định rồi "
        "bấm <i>sao chép</i> và dán dòng vào <code>review.csv</code> trong thư mục này (UTF-8, phân cách bằng "
        "dấu phẩy hoặc chấm phẩy; mở được bằng bảng tính): <code>{columns}</code>. <code>decision</code> là "
        "<code>confirmed error</code> (lỗi của báo cáo), <code>false alarm</code> (báo nhầm) hoặc "
        "<code>corrected value</code> (sửa số): ghi mã của số sai ở <code>operand</code> và số đúng ở "
        "<code>corrected_value</code> (<code>281.918,18</code> hoặc <code>281918.18</code>; số có dấu phẩy phải "
        "đặt trong ngoặc kép). Quyết định theo mã phép kiểm tra nên vẫn giữ khi chạy lại; chạy "
        "<code>baocao review {report}</code> để áp dụng vào <code>clean/</code>, trang này và trang tóm tắt.",
        "<b>How to review.</b> For each failed check, look at the picture and the numbers, choose a decision, "
        "then press <i>copy</i> and paste the line into <code>review.csv</code> in this folder (UTF-8, comma or "
        "semicolon separated; a spreadsheet can edit it): <code>{columns}</code>. <code>decision</code> is "
        "<code>confirmed error</code>, <code>false alarm</code> or <code>corrected value</code>: give the wrong "
        "figure's id in <code>operand</code> and its right value in <code>corrected_value</code> "
        "(<code>281.918,18</code> or <code>281918.18</code>; a value with a comma goes in double quotes). "
        "Decisions follow check ids, so they survive re-runs; run <code>baocao review {report}</code> to apply "
        "them to <code>clean/</code>, this page and the summary page.",
    ),
    "links": (
        'Xem thêm: <a href="summary.html">trang tóm tắt báo cáo</a> · '
        '<a href="data_docs/index.html">kết quả kiểm định (Great Expectations Data Docs)</a>',
        'See also: <a href="summary.html">the report\'s summary</a> · '
        '<a href="data_docs/index.html">the validation results (Great Expectations Data Docs)</a>',
    ),
    "orphans": (
        "<b>Quyết định không còn phép kiểm tra tương ứng</b> "
        "(vẫn giữ trong review.csv; báo cáo hoặc quy tắc đã thay đổi):",
        "<b>Decisions whose check no longer exists</b> (kept in review.csv; the report or the rules changed):",
    ),
    "problems": ("<b>Các dòng review.csv không dùng được</b>", "<b>review.csv lines that could not be used</b>"),
    "line": ("dòng {line}", "line {line}"),
    "copy": ("sao chép", "copy"),
    "form_decision": ("quyết định", "decision"),
    "form_note": ("ghi chú", "note"),
    "form_reviewer": ("người kiểm tra", "reviewer"),
    "form_operand": ("số sai (operand)", "wrong figure (operand)"),
    "form_value": ("giá trị đúng", "corrected value"),
    "csv_line": ("dòng review.csv", "review.csv line"),
    "group_passed": ("{rule} — {n} khớp", "{rule} — {n} passed"),
    "group_skipped": ("bỏ qua — {n}", "skipped — {n}"),
    # summary page
    "summary": ("tóm tắt", "summary"),
    "summary_links": (
        'Xem thêm: <a href="review.html">trang kiểm tra số liệu</a> · bảng số liệu trong <code>clean/</code>',
        'See also: <a href="review.html">the review page</a> · the tables in <code>clean/</code>',
    ),
    "headline": ("Các chỉ tiêu chủ yếu", "Headline indicators"),
    "col_indicator": ("Chỉ tiêu", "Indicator"),
    "col_value": ("Giá trị", "Value"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_growth": ("So cùng kỳ (%)", "vs same period (%)"),
    "col_plan": ("So kế hoạch (%)", "vs plan (%)"),
    "col_status": ("Kiểm tra", "Checks"),
    "growth_chart": ("Tăng trưởng theo khu vực kinh tế (%, so cùng kỳ)", "Growth by sector (%, vs same period)"),
    "structure_chart": ("Cơ cấu kinh tế (% GRDP)", "Economic structure (% of GRDP)"),
    "plan_chart": ("Mức thực hiện so với kế hoạch (%)", "Plan attainment (%)"),
    "no_data": ("Báo cáo không có số liệu cho biểu đồ này.", "The report has no figures for this chart."),
    "open_note": (
        "{n} lỗi chưa có quyết định: số liệu có cờ trong bảng.",
        "{n} failures without a decision: their figures are flagged in the tables.",
    ),
}

DECISION_LABELS: dict[str, tuple[str, str]] = {
    "confirmed error": ("lỗi của báo cáo", "confirmed error"),
    "false alarm": ("báo nhầm", "false alarm"),
    "corrected value": ("sửa số", "corrected value"),
}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text of `key` in `lang`, with {values} filled in."""
    vi, en = STRINGS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def decision_label(decision: str, lang: str = "vi") -> str:
    """How the page names a decision."""
    vi, en = DECISION_LABELS.get(decision, (decision, decision))
    return en if lang == "en" else vi


__all__ = ["DECISION_LABELS", "LANGS", "STRINGS", "Lang", "decision_label", "t"]
