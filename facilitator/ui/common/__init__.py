"""Small pieces every phase uses: naming, message bar, table keys, record tables, private screen."""
