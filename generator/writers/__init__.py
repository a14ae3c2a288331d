"""Writers that draw a composed notice (generator.compose): plain text and HTML.

The .docx writer is generator.render (it fills templates/notice.docx).
"""
