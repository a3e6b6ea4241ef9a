/* ethnic: see ethnic.h. */
#include "core/ethnic.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The General Statistics Office's list, in its order. */
static const struct ethnic groups[ETHNIC_COUNT] = {
	{"kinh", N_("Kinh"), "Kinh"},
	{"tay", N_("Tay"), "Tày"},
	{"thai", N_("Thai"), "Thái"},
	{"muong", N_("Muong"), "Mường"},
	{"khmer", N_("Khmer"), "Khmer"},
	{"hoa", N_("Hoa (Chinese)"), "Hoa"},
	{"nung", N_("Nung"), "Nùng"},
	{"mong", N_("Hmong"), "Mông"},
	{"dao", N_("Dao"), "Dao"},
	{"gia-rai", N_("Gia Rai"), "Gia Rai"},
	{"e-de", N_("Ede"), "Ê Đê"},
	{"ba-na", N_("Ba Na"), "Ba Na"},
	{"san-chay", N_("San Chay"), "Sán Chay"},
	{"cham", N_("Cham"), "Chăm"},
	{"co-ho", N_("Co Ho"), "Cơ Ho"},
	{"xo-dang", N_("Xo Dang"), "Xơ Đăng"},
	{"san-diu", N_("San Diu"), "Sán Dìu"},
	{"hre", N_("Hre"), "Hrê"},
	{"ra-glai", N_("Ra Glai"), "Ra Glai"},
	{"mnong", N_("Mnong"), "Mnông"},
	{"tho", N_("Tho"), "Thổ"},
	{"xtieng", N_("Xtieng"), "Xtiêng"},
	{"kho-mu", N_("Kho Mu"), "Khơ Mú"},
	{"bru-van-kieu", N_("Bru - Van Kieu"), "Bru - Vân Kiều"},
	{"co-tu", N_("Co Tu"), "Cơ Tu"},
	{"giay", N_("Giay"), "Giáy"},
	{"ta-oi", N_("Ta Oi"), "Tà Ôi"},
	{"ma", N_("Ma"), "Mạ"},
	{"gie-trieng", N_("Gie Trieng"), "Giẻ Triêng"},
	{"co", N_("Co"), "Co"},
	{"cho-ro", N_("Cho Ro"), "Chơ Ro"},
	{"xinh-mun", N_("Xinh Mun"), "Xinh Mun"},
	{"ha-nhi", N_("Ha Nhi"), "Hà Nhì"},
	{"chu-ru", N_("Chu Ru"), "Chu Ru"},
	{"lao", N_("Lao"), "Lào"},
	{"khang", N_("Khang"), "Kháng"},
	{"la-chi", N_("La Chi"), "La Chí"},
	{"phu-la", N_("Phu La"), "Phù Lá"},
	{"la-hu", N_("La Hu"), "La Hủ"},
	{"la-ha", N_("La Ha"), "La Ha"},
	{"pa-then", N_("Pa Then"), "Pà Thẻn"},
	{"chut", N_("Chut"), "Chứt"},
	{"lu", N_("Lu"), "Lự"},
	{"lo-lo", N_("Lo Lo"), "Lô Lô"},
	{"mang", N_("Mang"), "Mảng"},
	{"co-lao", N_("Co Lao"), "Cờ Lao"},
	{"bo-y", N_("Bo Y"), "Bố Y"},
	{"cong", N_("Cong"), "Cống"},
	{"ngai", N_("Ngai"), "Ngái"},
	{"si-la", N_("Si La"), "Si La"},
	{"pu-peo", N_("Pu Peo"), "Pu Péo"},
	{"ro-mam", N_("Ro Mam"), "Rơ Măm"},
	{"brau", N_("Brau"), "Brâu"},
	{"o-du", N_("O Du"), "Ơ Đu"},
};

const struct ethnic *ethnic_at(size_t i)
{
	return i < ETHNIC_COUNT ? &groups[i] : NULL;
}

const struct ethnic *ethnic_find(const char *code)
{
	for (size_t i = 0; code && i < ETHNIC_COUNT; i++)
		if (strcmp(groups[i].code, code) == 0)
			return &groups[i];
	return NULL;
}

/* s folded, letters and digits only ("Bru - Vân Kiều" -> "bruvankieu"). */
static char *squeeze(const char *s)
{
	char *f = text_fold(s, strlen(s));
	if (!f)
		return xstrdup("");
	char *o = f;
	for (const char *p = f; *p; p++)
		if (isalnum((unsigned char)*p))
			*o++ = *p;
	*o = '\0';
	return f;
}

/* Whether q (squeezed) starts s's squeezed text or one of its words. */
static bool matches(const char *s, const char *q)
{
	char *f = text_fold(s, strlen(s));
	bool hit = false;
	for (const char *w = f ? f : ""; !hit && *w;) {
		char *sq = squeeze(w);
		hit = strncmp(sq, q, strlen(q)) == 0;
		free(sq);
		w += strcspn(w, " -");
		w += strspn(w, " -");
	}
	free(f);
	return hit;
}

size_t ethnic_search(const char *query, const char *const *common, size_t ncommon,
		     size_t out[ETHNIC_COUNT])
{
	char *q = squeeze(query ? query : "");
	bool taken[ETHNIC_COUNT] = {false}, hit[ETHNIC_COUNT];
	for (size_t i = 0; i < ETHNIC_COUNT; i++)
		hit[i] = !q[0] || matches(groups[i].name, q) || matches(groups[i].label, q);
	free(q);
	size_t n = 0;
	for (size_t c = 0; c < ncommon; c++) {
		const struct ethnic *e = ethnic_find(common[c]);
		size_t i = e ? (size_t)(e - groups) : ETHNIC_COUNT;
		if (i < ETHNIC_COUNT && hit[i] && !taken[i]) {
			taken[i] = true;
			out[n++] = i;
		}
	}
	for (size_t i = 0; i < ETHNIC_COUNT; i++)
		if (hit[i] && !taken[i])
			out[n++] = i;
	return n;
}
