#!/bin/sh
# msgfmt that keeps fuzzy entries: our Hmong and Dao strings are drafts marked
# "#, fuzzy" until a native speaker reviews them, and a draft in the visitor's
# language serves better than a language they cannot read.
exec msgfmt --use-fuzzy "$@"
