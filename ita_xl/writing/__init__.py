"""Writing: an ``Analysis`` becomes what people open, print and sign, in an ``Edition``'s words.

``workbook`` the analysis workbook, ``memo`` the memo as a document and as Word and PDF files,
``template`` the blank input, ``consolidated`` the workbook of many agencies; the pieces they
share (formats, text measuring, tables, safe output files) beside them.
"""
