"""Text from a PDF converter or a web page: page numbers out, broken lines joined, layout kept."""

from __future__ import annotations

from generator.textclean import clean_lines


def test_page_numbers_go_and_a_paragraph_broken_over_a_page_is_joined() -> None:
    raw = ["一、活动时间", "全区活动周时间为10月31日—11月6日，活动周启动仪式具体时间、", "",
           "— 2 —", "", "地点另行通知。", "- 3 -", "第 4 页 共 9 页", "二、组织领导"]
    joined = "全区活动周时间为10月31日—11月6日，活动周启动仪式具体时间、地点另行通知。"
    assert clean_lines(raw) == [(1, "一、活动时间"), (2, joined), (7, ""), (8, ""), (9, "二、组织领导")]


def test_lists_headings_and_columns_are_not_joined() -> None:
    raw = ["副主任：朱焱 常州国家高新区党工委（新北区委）宣传统战部副部长",
           "张向坤 常州国家高新区（新北区）教育局副局长",
           "中共常州国家高新区工委（新北区委）宣传统战部  常州国家高新区（新北区）教育局  文件",
           "常新教〔2024〕76号",
           "关于举办新北区2024年全民终身学习活动周的通知"]
    assert [t for _, t in clean_lines(raw)] == raw


def test_a_web_copy_s_blank_line_inside_a_sentence_is_closed_but_not_between_paragraphs() -> None:
    raw = ["为保证活动周顺利开展并取得成效，组委会下设办公室。办公室设在新北区", "", "教育局教育发展处。", "",
           "成员：计凌云　三井街道社会事务办公室副主任", "", "区委宣传统战部、区教育局职能处室相关成员负责人。"]
    assert [t for _, t in clean_lines(raw) if t] == [
        "为保证活动周顺利开展并取得成效，组委会下设办公室。办公室设在新北区教育局教育发展处。",
        "成员：计凌云　三井街道社会事务办公室副主任", "区委宣传统战部、区教育局职能处室相关成员负责人。"]
