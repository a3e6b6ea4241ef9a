#!/usr/bin/env python3
"""Makes bench/words.tsv, the vocabulary of the generated corpus, from the
bundled articles (real Vietnamese, Hmong RPA and Iu Mien text).

  python3 bench/mkwords.py content/articles > bench/words.tsv

Run by hand when the vocabulary should change; bench/run.sh only reads the
committed file, so the corpus stays the same from run to run. Columns:
kind (w = word, p = two-word phrase), language, text, count in the bundled
articles. Digits, article links and front matter are left out.
"""
import collections
import os
import re
import sys
import unicodedata

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def body(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        fm = text[4:end]
        text = text[end + 5:]
        title = re.search(r"^title:\s*(.*)$", fm, re.M)
        if title:
            text = title.group(1) + "\n" + text
    text = re.sub(r"\(article:[^)]*\)", " ", text)
    return unicodedata.normalize("NFC", text)


def main():
    root = sys.argv[1]
    words = {l: collections.Counter() for l in ("vi", "hmn", "ium")}
    pairs = {l: collections.Counter() for l in ("vi", "hmn", "ium")}
    for slug in sorted(os.listdir(root)):
        for lang in words:
            p = os.path.join(root, slug, lang + ".md")
            if not os.path.exists(p):
                continue
            for line in body(p).split("\n"):
                # Phrases never cross punctuation.
                for chunk in re.split(r"[.,;:!?()\"“”*#\[\]–-]", line):
                    toks = [t.lower() for t in WORD.findall(chunk)]
                    words[lang].update(toks)
                    pairs[lang].update(a + " " + b for a, b in zip(toks, toks[1:]))
    print("# kind\tlang\ttext\tcount  (made by bench/mkwords.py from content/articles)")
    for lang in ("vi", "hmn", "ium"):
        for w, n in sorted(words[lang].items(), key=lambda kv: (-kv[1], kv[0])):
            print("w\t%s\t%s\t%d" % (lang, w, n))
        for w, n in sorted(pairs[lang].items(), key=lambda kv: (-kv[1], kv[0])):
            if n >= 3:
                print("p\t%s\t%s\t%d" % (lang, w, n))


if __name__ == "__main__":
    main()
