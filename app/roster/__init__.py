"""The 户籍花名册 module: village tree, people table, search, editing, import and export."""
