#!/usr/bin/env python3
"""Numbers for bench/run.sh: statistics over measurement files, the peer's
SQL, and the final table, target lines and bench/RESULTS.md.

  stats.py col FILE N                 median, p95 and count of column N (1-based, tabs)
  stats.py per-match FILE             median µs of CPU per matching text (searchbench output)
  stats.py hyperfine JSON             median seconds of each command, in order
  stats.py peersql QUERIES REPEATS top|shape
                                      the sqlite3 shell script of the FTS5 peer
  stats.py sqltimer FILE REPEATS      per-query median CPU ms from `.timer on` output
  stats.py report KV RESULTS_MD       the table and the target lines; writes RESULTS_MD
"""
import json
import math
import re
import statistics
import sys


def pct(values, p):
    """Nearest-rank percentile."""
    v = sorted(values)
    return v[max(0, math.ceil(p / 100.0 * len(v)) - 1)]


def col(path, n):
    vals = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= n and parts[n - 1]:
                vals.append(float(parts[n - 1]))
    if not vals:
        raise SystemExit("stats.py: no values in %s" % path)
    print("%.4f %.4f %d" % (statistics.median(vals), pct(vals, 95), len(vals)))


def per_match(path):
    vals = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            wall, cpu, matches = line.split("\t")[:3]
            if int(matches) > 0:
                vals.append(float(cpu) * 1000.0 / int(matches))
    print("%.2f" % (statistics.median(vals) if vals else 0.0))


def hyperfine(path):
    with open(path) as f:
        data = json.load(f)
    print(" ".join("%.6f" % r["median"] for r in data["results"]))


# What `fts_query` does to a visitor's words, minus the folding that plain
# FTS5 leaves to its tokenizer: split at anything but letters and digits
# (and bytes above ASCII), quote each word, prefix-match it.
WORD = re.compile(r"[0-9A-Za-z\u0080-\U0010ffff]+")


def match_expr(q):
    return " ".join('"%s"*' % w for w in WORD.findall(q))


# The peer, as a user of the stock shell would write it: FTS5 ranks with
# bm25 (title weighted 10x, set with the 'rank' option when the table is
# made) and stops at 20 hits, so snippet() runs for those 20 only.
TOP = ("SELECT t.slug, t.title, s.snip FROM (SELECT rowid, "
       "snippet(fts, 1, char(2), char(3), '…', 12) AS snip, rank FROM fts "
       "WHERE fts MATCH '%s' ORDER BY rank LIMIT 20) s "
       "JOIN article_texts t ON t.id = s.rowid ORDER BY s.rank;")
# Plain FTS5 giving the result ntmkiosk gives: one hit per article (the best
# of its languages), so every match is ranked and deduplicated before the
# best 20 are known; snippets for those 20 only. Tells the cost of that
# result's shape from the cost of the vnfold tokenizer.
SHAPE = ("WITH m AS (SELECT t.id AS id, t.slug AS slug, t.lang AS lang, t.title AS title, "
         "bm25(fts, 10.0, 1.0) AS rank FROM fts JOIN article_texts t ON t.id = fts.rowid "
         "WHERE fts MATCH '{q}'), "
         "best AS (SELECT *, row_number() OVER (PARTITION BY slug ORDER BY rank, lang) AS nth "
         "FROM m), "
         "top AS (SELECT slug, lang, title, id, rank FROM best WHERE nth = 1 "
         "ORDER BY rank, slug, lang LIMIT 20) "
         "SELECT slug, lang, title, (SELECT snippet(fts, 1, char(2), char(3), '…', 12) "
         "FROM fts WHERE fts MATCH '{q}' AND rowid = top.id), rank FROM top "
         "ORDER BY rank, slug, lang;")


def peersql(qpath, repeats, shape):
    sql = TOP if shape == "top" else SHAPE
    out = [".timer on", ".output /dev/null"]
    with open(qpath, encoding="utf-8") as f:
        for line in f:
            q = line.rstrip("\n")
            if not q:
                continue
            m = match_expr(q).replace("'", "''")
            stmt = sql % m if shape == "top" else sql.format(q=m)
            out.extend([stmt] * repeats)
    print("\n".join(out))


TIMER = re.compile(r"Run Time: real ([0-9.]+) user ([0-9.]+) sys ([0-9.]+)")


def sqltimer(path, repeats):
    cpu = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = TIMER.search(line)
            if m:
                cpu.append((float(m.group(2)) + float(m.group(3))) * 1000.0)
    for i in range(0, len(cpu) - repeats + 1, repeats):
        print("%.4f" % statistics.median(cpu[i:i + repeats]))


# ---- the report ----

def load_kv(path):
    kv = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                kv[k] = v
    return kv


def fnum(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def ms(x):
    x = fnum(x)
    if x is None:
        return "n/a"
    if x >= 100:
        return "%.0f ms" % x
    if x >= 10:
        return "%.1f ms" % x
    return "%.2f ms" % x


def secs(x):
    x = fnum(x)
    return "n/a" if x is None else ("%.2f s" % x if x < 10 else "%.1f s" % x)


def ratio(a, b):
    a, b = fnum(a), fnum(b)
    if a is None or not b:
        return None
    return a / b


def rx(r):
    return "n/a" if r is None else ("%.2f×" % r if r < 10 else "%.0f×" % r)


def growth(t1, t16):
    """The exponent k in time ~ data^k from the 1x and 16x points."""
    r = ratio(t16, t1)
    if r is None or r <= 0:
        return None, None
    return r, math.log(r) / math.log(16)


NEAR_LINEAR = 1.15  # time ~ data^k with k at most this counts as near-linear


def report(kvpath, mdpath):
    kv = load_kv(kvpath)
    g = kv.get
    s_counts = g("search_counts", "").split()
    a_counts = g("answer_counts", "").split()
    big_s, big_a = (s_counts[-1] if s_counts else "?"), (a_counts[-1] if a_counts else "?")
    rows = []   # (what, ntmkiosk, peer, ratio)
    targets = []  # (name, measured, target, ok)

    def target(name, value, text, goal, ok):
        if value is None:
            targets.append((name, "not measured", goal, False))
        else:
            targets.append((name, text, goal, ok))

    # start-up
    r_start = ratio(g("startup_ms"), g("startup_dialog_ms"))
    rows.append(("start-up to the first full screen (picker; prebuilt database): median "
                 "of 30 (fastest)",
                 "%s (%s)" % (ms(g("startup_ms")), ms(g("startup_min_ms"))),
                 "`dialog --msgbox hi 10 30`: %s (%s)" % (ms(g("startup_dialog_ms")),
                                                         ms(g("startup_dialog_min_ms"))),
                 "%s (%s)" % (rx(r_start), rx(ratio(g("startup_min_ms"),
                                                    g("startup_dialog_min_ms"))))))
    rows.append(("… the same start-up with the database on tmpfs (fdatasync costs nothing)",
                 ms(g("startup_shm_ms")), "—",
                 rx(ratio(g("startup_shm_ms"), g("startup_dialog_ms")))))
    rows.append(("… of which loading the program (`--version`, one process)",
                 ms(g("version_ms")), "`dialog --version`: " + ms(g("dialog_version_ms")),
                 rx(ratio(g("version_ms"), g("dialog_version_ms")))))
    rows.append(("… the same start-up with the %s MB database of the memory row"
                 % g("rss_db_mb", "?"), ms(g("startup_big_ms")), "—", "—"))
    target("start-up vs dialog", r_start, rx(r_start).replace("×", "x"), "<= 1.5x",
           r_start is not None and r_start <= 1.5)

    # keypress
    kcpu = fnum(g("keys_cpu_ms"))
    rows.append(("keypress to redraw, 1 MB article: CPU per PageDown (%s keys, %s of them "
                 "scrolled)" % (g("keys_n", "?"), g("keys_scrolled", "?")),
                 ms(kcpu), "—", "—"))
    target("keypress redraw", kcpu, "%.3f ms CPU per key" % (kcpu or 0), "< 2 ms",
           kcpu is not None and kcpu < 2.0)

    # search
    n_q = g("search_n", "?")
    med_ours, p95_ours = g("ours_med_" + big_s), g("ours_p95_" + big_s)
    cpu_med, cpu_p95 = g("ours_cpu_med_" + big_s), g("ours_cpu_p95_" + big_s)
    r_search = ratio(cpu_med, g("peer_med_" + big_s))
    rows.append(("search, %s articles × 3 languages, median (in one process; %s of %s "
                 "queries)" % (big_s, n_q, g("search_total", "200")),
                 "%s wall, %s CPU" % (ms(med_ours), ms(cpu_med)),
                 "sqlite3 FTS5: %s CPU; `grep -ri`: %s" % (ms(g("peer_med_" + big_s)),
                                                          ms(g("grep_med_" + big_s))),
                 "%s; %s" % (rx(r_search), rx(ratio(med_ours, g("grep_med_" + big_s))))))
    rows.append(("search, p95", "%s wall, %s CPU" % (ms(p95_ours), ms(cpu_p95)),
                 "sqlite3 FTS5: %s CPU; `grep -ri`: %s" % (ms(g("peer_p95_" + big_s)),
                                                          ms(g("grep_p95_" + big_s))),
                 "%s; %s" % (rx(ratio(cpu_p95, g("peer_p95_" + big_s))),
                             rx(ratio(p95_ours, g("grep_p95_" + big_s))))))
    rows.append(("search: texts matched by the median query; CPU per matched text",
                 "%s of %d; %s µs" % (g("matches_med_" + big_s, "?"),
                                      3 * int(big_s) if big_s.isdigit() else 0,
                                      g("per_match_us_" + big_s, "?")), "—", "—"))
    rows.append(("search, second peer: plain FTS5 giving the same result (one hit per "
                 "article: every match ranked and deduplicated, then 20 snippets), median",
                 ms(cpu_med) + " CPU", "sqlite3: %s CPU" % ms(g("shape_med")),
                 rx(ratio(cpu_med, g("shape_med")))))
    rows.append(("search, one process per query: start-up + opening the %s MB database "
                 "(`ntmkiosk search` of a word found nowhere)" % g("db_mb_" + big_s, "?"),
                 ms(g("proc_overhead_ms")), "—", "—"))
    target("search vs sqlite3 FTS5", r_search, rx(r_search).replace("×", "x") + " (median, CPU)",
           "<= 1.5x", r_search is not None and r_search <= 1.5)
    p95v = fnum(p95_ours)
    target("search p95", p95v, ms(p95v), "< 20 ms", p95v is not None and p95v < 20.0)

    # import
    for n in s_counts:
        rows.append(("content import, %s articles × 3 languages (%s MB database)"
                     % (n, g("db_mb_" + n, "?")), secs(g("import_s_" + n)), "—", "—"))

    # the sizes a USB stick may bring
    r_bank = ratio(g("bank_import_s"), g("bank_peer_s"))
    rows.append(("question bank import, 100,000 questions in one GIFT file",
                 secs(g("bank_import_s")),
                 "`sqlite3` running the same rows as INSERTs: " + secs(g("bank_peer_s")),
                 rx(r_bank)))
    bank_s = fnum(g("bank_import_s"))
    target("question bank import", bank_s, secs(bank_s), "< 5 s",
           bank_s is not None and bank_s < 5.0)
    rows.append(("`ntmkiosk search` of the one word of a 20 MB article that is one sentence",
                 secs(g("sentence_search_s")),
                 "`grep -cF` over the file: " + secs(g("sentence_grep_s")),
                 rx(ratio(g("sentence_search_s"), g("sentence_grep_s")))))

    # exports
    r_csv = ratio(g("csv_s_" + big_a), g("csv_peer_s_" + big_a))
    rows.append(("CSV export, %s answers" % big_a, secs(g("csv_s_" + big_a)),
                 "`sqlite3 -csv`: " + secs(g("csv_peer_s_" + big_a)), rx(r_csv)))
    rows.append(("… of which start-up and opening the %s MB database (no `quick_check`)"
                 % g("edb_mb_" + big_a, "?"), ms(g("open_big_ms")), "—", "—"))
    rows.append(("XLSX export, %s answers: wall, peak RSS" % big_a,
                 "%s, %.1f MB" % (secs(g("xlsx_s_" + big_a)),
                                  (fnum(g("xlsx_kb_" + big_a)) or 0) * 1024 / 1e6), "—", "—"))
    target("CSV export vs sqlite3 -csv", r_csv, rx(r_csv).replace("×", "x"), "<= 1.5x",
           r_csv is not None and r_csv <= 1.5)

    # memory
    rss = fnum(g("rss_kb"))
    rss_mb = rss * 1024 / 1e6 if rss is not None else None
    rows.append(("kiosk peak RSS, %s MB database, after a walk through the screens"
                 % g("rss_db_mb", "?"), "%.1f MB" % (rss_mb or 0), "—", "—"))
    target("kiosk peak RSS", rss_mb, "%.1f MB" % (rss_mb or 0), "< 30 MB",
           rss_mb is not None and rss_mb < 30.0)

    # growth
    def grow_row(label, key, counts, fmt, peer_key=None):
        vals = [g(key + c) for c in counts]
        cells = " / ".join(fmt(v) for v in vals)
        peer = "—"
        if peer_key:
            peer = " / ".join(fmt(g(peer_key + c)) for c in counts)
        r, k = growth(vals[0], vals[-1]) if len(vals) >= 2 else (None, None)
        rows.append(("growth: %s at %s" % (label, " / ".join(counts)), cells, peer,
                     "16× data: %s time (k = %s)" % (rx(r), "n/a" if k is None else "%.2f" % k)))
        gname = label.split(",")[0]
        target("%s growth" % gname, k,
               "16x data, %s time (k = %.2f)" % (rx(r).replace("×", "x"), k or 0),
               "near-linear: k <= %.2f in time ~ data^k" % NEAR_LINEAR,
               k is not None and k <= NEAR_LINEAR)

    grow_row("search median, articles", "ours_med_", s_counts, ms, "peer_med_")
    grow_row("CSV export, answers", "csv_s_", a_counts, secs, "csv_peer_s_")
    grow_row("XLSX export, answers", "xlsx_s_", a_counts, secs)

    # print
    w = ["| what | ntmkiosk | peer, same run | ratio |", "|---|---|---|---|"]
    for r in rows:
        w.append("| %s | %s | %s | %s |" % r)
    table = "\n".join(w)
    lines = ["%s: %s (target %s) %s" % (n, m, t, "ok" if ok else "missed")
             for n, m, t, ok in targets]
    print()
    print(table)
    print()
    print("\n".join(lines))

    with open(mdpath, "w", encoding="utf-8") as f:
        f.write(RESULTS_TEMPLATE.format(
            date=g("date", "?"), nproc=g("nproc", "?"), cpu=g("cpu", "?"),
            mem=g("mem", "?"), kernel=g("kernel", "?"), versions=g("versions", "?"),
            load="%s at the start, %s at the end" % (g("load_start", "?"), g("load_end", "?")),
            table=table, targets="\n".join(lines), notes=notes(kv, targets),
            s_counts=" / ".join(s_counts), a_counts=" / ".join(a_counts),
            queries=queries_note(n_q, g("search_total", "200"), g("search_budget", "?")),
            wall=g("wall_s", "?")))


def queries_note(n, total, budget):
    if n == total:
        return ("Every point and every peer ran all %s queries (the %s s budget at the 16× "
                "point was not reached)." % (total, budget))
    return ("The queries are the first %s of the %s in `gen.py queries` order (a seeded "
            "random order, so a fair sample): at the 16× point the run stops starting new "
            "queries after %s s, and the smaller points and every peer run the same ones."
            % (n, total, budget))


def notes(kv, targets):
    g = kv.get
    s_counts = g("search_counts", "").split()
    big_s = s_counts[-1] if s_counts else "?"
    missed = {n for n, _, _, ok in targets if not ok}
    out = []
    v, d = fnum(g("version_ms")), fnum(g("dialog_version_ms"))
    s, sd = fnum(g("startup_ms")), fnum(g("startup_dialog_ms"))
    shm = fnum(g("startup_shm_ms"))
    if None not in (v, d, s, sd):
        out.append(
            "- Start-up ({:.2f}× dialog): the program links neither ICU (with libstdc++) nor "
            "libxlsxwriter (with minizip and libcrypto); `core/dynlib` opens them when one of "
            "their functions is first called, so `ntmkiosk --version`, which does nothing but "
            "load its {} shared libraries, takes {} against {} for `dialog --version`. The "
            "kiosk draws the language picker first, then opens the database "
            "(`DB_OPEN_CHECK_LATER`), runs `quick_check` and makes the start-up writes "
            "(purge, daily copy) before it reads the first key; text that is already NFC "
            "(all of the picker) is drawn without ICU. {}".format(
                s / sd, g("libs", "?"), ms(v), ms(d),
                "On tmpfs the same start-up takes {} ({} here).".format(ms(shm), ms(s))
                if shm is not None else ""))
    if "start-up vs dialog" in missed and None not in (v, d, s, sd):
        out.append(
            "- **Start-up missed** ({:.2f}× against ≤ 1.5×; the fastest runs: {}). Loading "
            "costs {} of the {} gap; the rest is the kiosk's work before its first draw "
            "(opening the database, the catalogs, ncurses, the screen)."
            .format(s / sd, rx(ratio(g("startup_min_ms"), g("startup_dialog_min_ms"))),
                    ms(v - d), ms(s - sd)))
    ours, top, same = (fnum(g("ours_cpu_med_" + big_s)), fnum(g("peer_med_" + big_s)),
                       fnum(g("shape_med")))
    text = ("- Search: the median query matches {} of {} texts (short, common syllables, "
            "each word prefix-matched, and with `vnfold` a query typed without accents "
            "matches every accented spelling: \"dong\" finds đồng, động, đông, dòng…), and "
            "every matching text is ranked. ntmkiosk ranks with `nk_rank` "
            "(`content/rank.c`): FTS5's bm25() computed step by step, the same numbers, but "
            "with each text's length taken from a copy in memory instead of FTS5's docsize "
            "table (one B-tree lookup per matching text, two thirds of bm25()'s time), and "
            "SQLite keeps the best k as it goes where FTS5's `ORDER BY rank` sorts every "
            "match. Schema 7 has prefix indexes for 1 to 6 letters, so the snippet of each "
            "hit shown costs one short statement. {} µs of CPU per matched text; plain "
            "FTS5's top 20 by rank takes {} at the median and {} at p95.".format(
                g("matches_med_" + big_s, "?"), 3 * int(big_s) if big_s.isdigit() else "?",
                g("per_match_us_" + big_s, "?"), ms(top), ms(fnum(g("peer_p95_" + big_s)))))
    r_same = ratio(ours, same)
    if r_same is not None:
        text += (" Plain FTS5 giving ntmkiosk's result (every match ranked, one per article) "
                 "takes {}; ntmkiosk {} of that.".format(ms(same), rx(r_same)))
    out.append(text)
    if "search vs sqlite3 FTS5" in missed or "search p95" in missed:
        out.append("- **Search missed** (median {} CPU, {}; p95 {} wall against < 20 ms)."
                   .format(ms(ours), rx(ratio(ours, top)), ms(g("ours_p95_" + big_s))))
    big, small = fnum(g("startup_big_ms")), fnum(g("startup_ms"))
    if big is not None and small and big > 2 * small:
        out.append(
            "- Start-up with the {} MB database takes {} against {} with the small one. Not "
            "a target of the issue, but the kiosk's real start-up grows with its database."
            .format(g("rss_db_mb", "?"), ms(big), ms(small)))
    if "search median growth" in missed:
        out.append("- **Search growth missed**: the time follows the number of matching "
                   "texts (see above), which grows with the corpus.")
    if "CSV export vs sqlite3 -csv" in missed:
        a_counts = g("answer_counts", "").split()
        big_a = a_counts[-1] if a_counts else "?"
        ours, peer = fnum(g("csv_s_" + big_a)), fnum(g("csv_peer_s_" + big_a))
        opn = fnum(g("open_big_ms"))
        if None not in (ours, peer, opn):
            out.append(
                "- **CSV export missed** ({} against ≤ 1.5×; {} more than the peer; opening "
                "the database, without `quick_check`, is {} of it)."
                .format(rx(ours / peer), secs(ours - peer), ms(opn)))
    if "kiosk peak RSS" in missed:
        out.append("- **Memory missed**: see the walk in `bench/pty.py` for the screens "
                   "opened.")
    for n in ("CSV export growth", "XLSX export growth"):
        if n in missed:
            out.append("- **%s missed**: the export sorts all rows by time (`ORDER BY "
                       "answered_at, …`, no index on `answers.answered_at`), an n log n "
                       "sort." % n)
    if not missed:
        out.append("- Every target held in this run.")
    return "\n".join(out)


RESULTS_TEMPLATE = """# Benchmark results

Written by `bench/run.sh` (`make bench`); every run rewrites this file. What each row
measures and how: [README.md](README.md). Ratios are ntmkiosk ÷ peer, both measured in
the same run.

## Machine

- date: {date}
- CPUs (nproc): {nproc}; model: {cpu}
- memory: {mem}
- kernel: {kernel}
- versions: {versions}
- load average (1, 5, 15 min): {load}
- whole run: {wall} s

## Results

{table}

## Targets

```
{targets}
```

## Notes

- Scale: the search corpus is {s_counts} articles × 3 languages (vi, hmn, ium) and the
  exports {a_counts} answers: the issue's 20,000 articles and 1,000,000 answers are the
  16× point, and 1× and 4× are scaled down from it (not up) so that the whole
  `make bench` stays well under 15 minutes on 2 cores.
- Search is timed inside one process on both sides: ntmkiosk's `content_search` (the code
  behind `ntmkiosk search` and the search screen) through `bench/searchbench.c` linked
  against the build's static libraries, and the peer with the stock `sqlite3` shell's
  `.timer on`. The ratio compares CPU time (the shell's timer prints wall time only to the
  millisecond); the p95 target uses ntmkiosk's wall time. {queries} A `grep -rilF` per query is timed from the shell
  (one process each). One `ntmkiosk search` process costs the in-process time plus the
  start-up row below it. The peer's `unicode61` does not fold đ to d, so it finds a little
  less for queries typed without accents.
- Start-up uses a database prebuilt with `ntmkiosk check`, so the first-run import of the
  bundled data is not in the figure.
{notes}
"""


def main():
    a = sys.argv[1:]
    if a[:1] == ["col"] and len(a) == 3:
        col(a[1], int(a[2]))
    elif a[:1] == ["per-match"] and len(a) == 2:
        per_match(a[1])
    elif a[:1] == ["hyperfine"] and len(a) == 2:
        hyperfine(a[1])
    elif a[:1] == ["peersql"] and len(a) == 4:
        peersql(a[1], int(a[2]), a[3])
    elif a[:1] == ["sqltimer"] and len(a) == 3:
        sqltimer(a[1], int(a[2]))
    elif a[:1] == ["report"] and len(a) == 3:
        report(a[1], a[2])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
