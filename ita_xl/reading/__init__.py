"""Reading: a workbook file becomes an ``Assessment`` (or problems located to a sheet and cell).

``file_kind`` checks what kind of file it is, ``engines`` read its cells as Excel shows them,
``assessment`` turns the cells into plain data.
"""
