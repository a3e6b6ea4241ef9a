#!/usr/bin/env python3
"""Checks that a Linux console font (PSF 1 or 2) has a glyph for every
character ntmkiosk can show: the whole Vietnamese alphabet (which also holds
every letter of the Vietnamese Hmong script; the Dao script is ASCII) and
every character in the program's catalogs, bundled articles, question banks,
topics and screens. The console draws a missing one as its replacement glyph.

  fontcheck.py FONT.psf[.gz] SOURCE_TREE            check, exit 1 on a gap
  fontcheck.py FONT.psf[.gz] --render TEXT OUT.png  draw a text file as the
                                                    console would (a preview)
"""
import glob
import gzip
import os
import struct
import sys
import unicodedata
import zlib


def load(path):
    """Returns (width, height, glyph bitmaps, {code point: glyph index})."""
    data = open(path, 'rb').read()
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    cmap = {}
    if data[:2] == b'\x36\x04':  # PSF 1: 8 pixels wide
        mode, size = data[2], data[3]
        n = 512 if mode & 1 else 256
        glyphs = [data[4 + i * size:4 + (i + 1) * size] for i in range(n)]
        pos, g = 4 + n * size, 0
        if mode & 6:
            while pos + 1 < len(data) and g < n:
                v = struct.unpack_from('<H', data, pos)[0]
                pos += 2
                if v == 0xFFFF:
                    g += 1
                elif v != 0xFFFE:
                    cmap.setdefault(v, g)
        return 8, size, glyphs, cmap
    if data[:4] == b'\x72\xb5\x4a\x86':  # PSF 2
        _, hsize, flags, n, size, h, w = struct.unpack_from('<7I', data, 4)
        glyphs = [data[hsize + i * size:hsize + (i + 1) * size] for i in range(n)]
        if flags & 1:
            table = data[hsize + n * size:]
            for g, entry in enumerate(table.split(b'\xff')[:n]):
                for ch in entry.split(b'\xfe')[0].decode('utf-8', 'replace'):
                    cmap.setdefault(ord(ch), g)
        return w, h, glyphs, cmap
    sys.exit('fontcheck: %s is not a PSF font' % path)


def vietnamese_letters():
    """The 67 Vietnamese letters with marks, lower and upper case, plus đ/Đ."""
    out = set('ăâêôơưđ')
    marks = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323']
    for base in 'aăâeêioôơuưy':
        for m in marks:
            out.add(unicodedata.normalize('NFC', base + m))
    out |= {c.upper() for c in out}
    return out


def used_characters(root):
    """Every non-ASCII character in what the program displays, with a file."""
    pats = ['locales/*.po', 'locales/languages.tsv', 'content/topics.tsv',
            'content/articles/*/*.md', 'quizzes/banks/*/*.gift', 'tui/*.c',
            'app/*.c', 'records/*.c']
    used = {}
    for pat in pats:
        for f in sorted(glob.glob(os.path.join(root, pat))):
            text = unicodedata.normalize('NFC', open(f, encoding='utf-8').read())
            for ch in text:
                if ord(ch) >= 0x80:
                    used.setdefault(ch, os.path.relpath(f, root))
    return used


def check(font, root):
    _, _, glyphs, cmap = load(font)
    need = {c: 'the Vietnamese alphabet' for c in vietnamese_letters()}
    need.update({chr(c): 'ASCII' for c in range(0x20, 0x7f)})
    need.update(used_characters(root))
    missing = sorted(c for c in need if ord(c) not in cmap)
    for c in missing:
        print('fontcheck: %s: no glyph for U+%04X %s (%s)' % (
            os.path.basename(font), ord(c), c, need[c]), file=sys.stderr)
    print('fontcheck: %s: %d glyphs, %d characters needed, %d missing' % (
        os.path.basename(font), len(glyphs), len(need), len(missing)))
    return 1 if missing else 0


def png(path, w, h, rows):
    raw = b''.join(b'\x00' + bytes(r) for r in rows)
    def chunk(t, d):
        c = t + d
        return struct.pack('>I', len(d)) + c + struct.pack('>I', zlib.crc32(c))
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n')
        f.write(chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)))
        f.write(chunk(b'IDAT', zlib.compress(raw, 9)))
        f.write(chunk(b'IEND', b''))


def render(font, text_path, out):
    w, h, glyphs, cmap = load(font)
    bpr = (w + 7) // 8
    lines = [unicodedata.normalize('NFC', l.rstrip('\n'))
             for l in open(text_path, encoding='utf-8')]
    cols = max((len(l) for l in lines), default=1)
    rows = []
    repl = cmap.get(0xFFFD, cmap.get(ord('?'), 0))
    for line in lines:
        for y in range(h):
            px = []
            for ch in line.ljust(cols):
                g = glyphs[cmap.get(ord(ch), repl)]
                bits = g[y * bpr:(y + 1) * bpr]
                for x in range(w):
                    on = bits[x // 8] & (0x80 >> (x % 8))
                    px.append(255 if on else 0)
            rows.append(px)
    png(out, cols * w, len(lines) * h, rows)
    print(out)
    return 0


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[2] == '--render':
        sys.exit(render(sys.argv[1], sys.argv[3], sys.argv[4]))
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(check(sys.argv[1], sys.argv[2]))
