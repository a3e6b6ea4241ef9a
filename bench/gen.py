#!/usr/bin/env python3
"""Deterministic, seeded generators of the benchmark corpora (bench/README.md).

  gen.py corpus OUT N1,N2,...   article folders OUT/<N>/<slug>/{vi,hmn,ium}.md for
                                each count; the smaller sets are the first slugs of
                                the largest (hard links), so each scale holds the last
  gen.py article OUT BYTES      one long Vietnamese article, OUT/bai-doc-dai/vi.md
  gen.py bank OUT N             N questions in OUT/banks/vi/ocop.gift, and the same rows
                                as SQL inserts in OUT/bank.sql (the peer's input)
  gen.py sentence FILE BYTES    an article whose body is one sentence of one word
                                ("đoạn"), about BYTES long
  gen.py queries N              N search queries, one a line (half of the Vietnamese
                                ones typed without accents)

Text is drawn from bench/words.tsv (the words and two-word phrases of the
bundled articles, with their counts), a long tail of further Vietnamese
syllables, place names of the northern mountain provinces, numbers, and
generated Hmong-looking (RPA) and Dao-looking (Iu Mien) syllables. Every
article has its own random generator seeded from the seed and its number, so
article k is the same whatever the count.
"""
import os
import random
import sys
import unicodedata

SEED = 20261122
HERE = os.path.dirname(os.path.abspath(__file__))
TOPICS = ["ntm", "criteria", "ocop", "campaigns", "digital", "environment", "culture",
          "training", "participate"]
LANGS = ["vi", "hmn", "ium"]

# Real Vietnamese syllables beyond those of the bundled articles: the long
# tail of everyday text (farming, health, schooling, markets, weather).
VI_EXTRA = """
ao bãi bản bắp bầu bếp bò bón bông bùn buổi cá cải cam cành cào cây cấy chăn
chè chợ chuối chuồng cỏ cơm cối củ cúm cửa dê dưa dừa đậu đèn đồi đồng đường
gà gạo gió giống gốc hạt hè heo hoa hồ hương kê khoai khói lá lạc lạnh lợn lúa
lửa măng mạ mầm mận mây mè mía mưa mương mướp nấm nắng ngô nhãn nhà nương ốc
ong phân quả quế rau rẫy rễ rơm rừng ruộng sắn sâu sông suối sương thóc tỏi
trâu trứng vịt vườn xoài bác sĩ thuốc tiêm phòng bệnh sốt ho khám trạm y tế
sữa răng mắt tay chân bụng đầu tim máu cân nặng trẻ em cháu bà ông bố mẹ anh
chị em họ hàng làng bản trường lớp thầy cô giáo vở sách bút đọc viết đếm thi
điểm bảng giờ chiều sáng tối đêm ngày tháng tuần mùa xuân thu đông hạ nóng ấm
mát khô ướt lũ lụt sạt lở đá đất cát sỏi gạch xi măng tôn ngói cột kèo mái
sàn cầu thang cống rãnh giếng nước máy bơm ống điện thoại mạng sóng tivi loa
đài báo tin nhắn ảnh chụp tiền đồng lãi vay gửi tiết kiệm ngân hàng chợ phiên
mua bán cân đo giá rẻ đắt hàng hóa thịt muối đường mỡ dầu rượu ngô men lá thuốc
vải dệt thổ cẩm thêu may áo váy khăn mũ giày dép gùi dao rìu cuốc xẻng liềm
bừa cày máy xay tuốt sấy phơi kho thùng bao tải xe máy xe tải đò phà bến
""".split()

PLACES = """Hà Giang|Lào Cai|Yên Bái|Điện Biên|Lai Châu|Sơn La|Cao Bằng|Bắc Kạn|
Lạng Sơn|Tuyên Quang|Mù Cang Chải|Trạm Tấu|Sa Pa|Bát Xát|Bắc Hà|Si Ma Cai|Mường
Khương|Mèo Vạc|Đồng Văn|Quản Bạ|Yên Minh|Hoàng Su Phì|Xín Mần|Phong Thổ|Sìn Hồ|
Tủa Chùa|Mường Nhé|Mường Chà|Nậm Pồ|Tam Đường|Than Uyên|Bảo Lạc|Bảo Lâm|Nguyên
Bình|Pác Nặm|Ba Bể|Na Hang|Lâm Bình|Văn Bàn|Bảo Yên|Lục Yên|Văn Chấn|Mộc Châu|
Bắc Yên|Sốp Cộp|Thuận Châu|Quỳnh Nhai|Lũng Cú|Sủng Là|Lao Chải|Tả Van|Tả Phìn|
Bản Hồ|Nậm Cang|Y Tý|A Lù|Dền Sáng|Ngải Thầu|Sín Chéng|Lùng Phình|Pả Vi|Khau Vai"""
PLACES = [p.strip().replace("\n", " ") for p in PLACES.replace("\n", " ").split("|")]
PLACES = [" ".join(p.split()) for p in PLACES]

# Syllable parts for Hmong (RPA: onset, vowel, tone letter) and Iu Mien
# (onset, rhyme, tone letter) words that look right without being a list
# of real ones.
HMN_ON = ("p ph np nph t th nt nth ts tsh nts ntsh tx txh ntx ntxh k kh nk nkh q qh nq "
          "nqh c ch nc nch pl plh npl nplh d dh r rh nr nrh f v x s z h hl hm hn hny "
          "l m n ny y xy").split()
HMN_V = "a e i o u w aa ee oo ai au aw ia ua".split()
HMN_T = ["", "b", "j", "v", "s", "g", "m", "d"]
IUM_ON = ("b p mb m hm f w d t nd n hn l hl g k nq ng hng z c nz ny hny s y j q nj "
          "gh h hu gu").split()
IUM_R = ("a aa ai aai au aau ae aeng ang aang e ei eu en eng i ie ien iu in ing o orn "
         "ong orng ou u uo uov un ung uei ui").split()
IUM_T = ["", "v", "h", "x", "c", "z"]


def load_words():
    words = {l: ([], []) for l in LANGS}
    phrases = {l: ([], []) for l in LANGS}
    with open(os.path.join(HERE, "words.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            kind, lang, text, count = line.rstrip("\n").split("\t")
            d = words if kind == "w" else phrases
            d[lang][0].append(text)
            d[lang][1].append(int(count))
    return words, phrases


def tail_words(lang, n):
    """n further syllables for lang from its own seeded generator."""
    rng = random.Random("%d-tail-%s" % (SEED, lang))
    out, seen = [], set()
    while len(out) < n:
        if lang == "hmn":
            w = rng.choice(HMN_ON) + rng.choice(HMN_V) + rng.choice(HMN_T)
        else:
            w = rng.choice(IUM_ON) + rng.choice(IUM_R) + rng.choice(IUM_T)
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


def cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class Vocab:
    """A language's words and phrases with Zipf-like weights: the bundled
    counts for the head, 1/rank for the tail, which gets about a sixth of
    the draws."""

    def __init__(self, lang, words, phrases):
        head, counts = words[lang]
        extra = VI_EXTRA if lang == "vi" else tail_words(lang, 3000)
        extra = [w for w in extra if w not in set(head)]
        hsum = float(sum(counts))
        tail_w = [1.0 / (r + 2) for r in range(len(extra))]
        scale = hsum * 0.2 / sum(tail_w)
        self.words = head + extra
        self.cum = cumulative(list(map(float, counts)) + [w * scale for w in tail_w])
        self.phrases = phrases[lang][0]
        self.pcum = cumulative(list(map(float, phrases[lang][1])))


def strip_accents(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if unicodedata.category(c) != "Mn"))


def cap(s):
    return s[:1].upper() + s[1:]


class Writer:
    def __init__(self, vocab, rng):
        self.v, self.rng = vocab, rng

    def token(self):
        r = self.rng.random()
        if r < 0.22 and self.v.phrases:
            return self.rng.choices(self.v.phrases, cum_weights=self.v.pcum)[0]
        if r < 0.25:
            return self.rng.choice(PLACES)
        if r < 0.28:
            return str(self.rng.choice((self.rng.randint(1990, 2030), self.rng.randint(2, 999))))
        return self.rng.choices(self.v.words, cum_weights=self.v.cum)[0]

    def words(self, lo, hi):
        n = self.rng.randint(lo, hi)
        out = []
        for i in range(n):
            w = self.token()
            if i and i < n - 1 and self.rng.random() < 0.08:
                w += ","
            out.append(w)
        return " ".join(out)

    def sentence(self, lo=7, hi=20):
        s = cap(self.words(lo, hi))
        r = self.rng.random()
        if r < 0.08:
            s = "**" + s + "**"
        elif r < 0.12:
            s = "*" + s + "*"
        return s + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def block(self):
        r = self.rng.random()
        if r < 0.25:
            return "\n".join("- " + self.sentence(3, 12) for _ in range(self.rng.randint(2, 6)))
        if r < 0.35:
            return "\n".join("%d. %s" % (i + 1, self.sentence(3, 12))
                             for i in range(self.rng.randint(2, 5)))
        return self.paragraph()

    def section(self):
        head = "## " + cap(self.words(2, 6))
        return head + "\n\n" + "\n\n".join(self.block() for _ in range(self.rng.randint(1, 2)))


def front(slug, topic, title, order, lang):
    return ("---\nslug: %s\ntopic: %s\ntitle: %s\norder: %d\nstatus: %s\n"
            "source: Bench corpus %d\npublic_source: Bench corpus %d\nperiod: 2021–2025\n"
            "updated: 2026-11-22\n---\n\n"
            % (slug, topic, title, order, "reviewed" if lang == "vi" else "draft", SEED, SEED))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(unicodedata.normalize("NFC", text))


def corpus(out, counts):
    words, phrases = load_words()
    vocabs = {l: Vocab(l, words, phrases) for l in LANGS}
    counts = sorted(counts)
    big = os.path.join(out, str(counts[-1]))
    for k in range(counts[-1]):
        slug = "bai-%06d" % k
        d = os.path.join(big, slug)
        os.makedirs(d)
        topic = TOPICS[k % len(TOPICS)]
        for lang in LANGS:
            w = Writer(vocabs[lang], random.Random("%d-%d-%s" % (SEED, k, lang)))
            title = cap(w.words(3, 9))
            body = w.paragraph() + "\n\n" + "\n\n".join(
                w.section() for _ in range(w.rng.randint(1, 2)))
            write(os.path.join(d, lang + ".md"),
                  front(slug, topic, title, 10 + k, lang) + body + "\n")
    for n in counts[:-1]:
        for k in range(n):
            slug = "bai-%06d" % k
            os.makedirs(os.path.join(out, str(n), slug))
            for lang in LANGS:
                os.link(os.path.join(big, slug, lang + ".md"),
                        os.path.join(out, str(n), slug, lang + ".md"))


def article(out, size):
    words, phrases = load_words()
    w = Writer(Vocab("vi", words, phrases), random.Random("%d-long" % SEED))
    parts = [front("bai-doc-dai", "ntm", "Bài đọc dài: sổ tay nông thôn mới", 0, "vi")]
    n = len(parts[0].encode())
    while n < size:
        s = w.section() + "\n\n"
        n += len(s.encode())
        parts.append(s)
    text = "".join(parts)
    # Cut at the last paragraph break under the size.
    raw = text.encode()[:size]
    raw = raw[:raw.rfind(b"\n\n") + 1]
    os.makedirs(os.path.join(out, "bai-doc-dai"))
    write(os.path.join(out, "bai-doc-dai", "vi.md"), raw.decode())


def bank(out, n):
    """n questions in out/banks/vi/ocop.gift, and the rows they become in
    out/bank.sql (one transaction), for the peer."""
    words, phrases = load_words()
    w = Writer(Vocab("vi", words, phrases), random.Random("%d-bank" % SEED))
    plain = lambda s: "".join(c for c in s if c not in "~=#{}:\\*")
    q = lambda s: "'" + s.replace("'", "''") + "'"
    os.makedirs(os.path.join(out, "banks", "vi"))
    gift, sql = [], ["BEGIN;"]
    for k in range(n):
        qid = "b-%06d" % k
        text = plain(w.sentence(6, 14))[:-1] + "?"
        opts = [plain(cap(w.words(1, 5))) for _ in range(4)]
        right = k % 4
        why = plain(w.sentence(4, 10))
        gift.append("::%s::%s{\n%s\n####%s\n}\n" % (qid, text, "\n".join(
            ("=" if i == right else "~") + o for i, o in enumerate(opts)), why))
        sql.append("INSERT INTO questions(id, topic, difficulty, article, qtype, nopts, "
                   "correct, source) VALUES (%s, 'ocop', 2, NULL, 'single', 4, %d, 'bench');"
                   % (q(qid), 1 << right))
        sql.append("INSERT INTO question_texts(id, lang, status, text, explanation) VALUES "
                   "(%s, 'vi', 'reviewed', %s, %s);" % (q(qid), q(text), q(why)))
        for i, o in enumerate(opts):
            sql.append("INSERT INTO question_options(id, lang, idx, text, feedback) VALUES "
                       "(%s, 'vi', %d, %s, '');" % (q(qid), i, q(o)))
    sql.append("COMMIT;")
    write(os.path.join(out, "banks", "vi", "ocop.gift"), "\n".join(gift))
    write(os.path.join(out, "bank.sql"), "\n".join(sql) + "\n")


def sentence(path, size):
    head = ("---\nslug: doan\ntopic: ntm\ntitle: Một câu dài\norder: 1\nstatus: reviewed\n"
            "source: bench/gen.py\nperiod: 2026\nupdated: 2026-11-22\n---\n\n")
    write(path, head + "đoạn " * (size // len("đoạn ".encode())) + "\n")


def queries(n):
    words, phrases = load_words()
    rng = random.Random("%d-queries" % SEED)
    vocabs = {l: Vocab(l, words, phrases) for l in LANGS}
    out = []
    for i in range(n):
        lang = "vi" if i % 10 < 7 else ("hmn" if i % 10 < 9 else "ium")
        v = vocabs[lang]
        r = rng.random()
        if r < 0.35:
            q = rng.choices(v.words, cum_weights=v.cum)[0]
        elif r < 0.75 and v.phrases:
            q = rng.choices(v.phrases, cum_weights=v.pcum)[0]
        elif r < 0.9:
            q = " ".join(rng.choices(v.words, cum_weights=v.cum, k=2))
        else:
            q = rng.choice(PLACES)
        # Half of the Vietnamese queries are typed the way a keyboard without
        # an input method gives them.
        if lang == "vi" and i % 2:
            q = strip_accents(q)
        out.append(q)
    print("\n".join(out))


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "corpus" and len(sys.argv) == 4:
        corpus(sys.argv[2], [int(c) for c in sys.argv[3].split(",")])
    elif what == "article" and len(sys.argv) == 4:
        article(sys.argv[2], int(sys.argv[3]))
    elif what == "bank" and len(sys.argv) == 4:
        bank(sys.argv[2], int(sys.argv[3]))
    elif what == "sentence" and len(sys.argv) == 4:
        sentence(sys.argv[2], int(sys.argv[3]))
    elif what == "queries" and len(sys.argv) == 3:
        queries(int(sys.argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
