/*
 * fuzz_ime: a fuzz target for the input method. The bytes are read as keys
 * (one code point each, with 0x08 as Backspace) and typed into a field in
 * every mode; whatever comes out must be valid UTF-8 in NFC, with no control
 * character. A replay main runs it over files when built without libFuzzer.
 */
#include "core/ime.h"
#include "core/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ime_mode modes[] = {IME_TELEX, IME_VNI, IME_CHV, IME_OFF};
	for (size_t m = 0; m < 4; m++) {
		struct ime *ime = ime_new(modes[m], 256);
		for (size_t i = 0; i < size; i++) {
			if (data[i] == 0x08)
				ime_backspace(ime);
			else if (data[i] == 0x7f)
				ime_set_mode(ime, modes[(m + i) % 4]);
			else
				ime_key(ime, data[i] >= 0xc0 ? 0x1e00u + data[i] : data[i]);
		}
		const char *t = ime_text(ime);
		size_t n = strlen(t), bad;
		if (!text_valid_utf8(t, n, &bad) || n > 256 + 8)
			abort();
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)t[i] < 0x20)
				abort();
		char *nfc = NULL;
		if (text_nfc(t, n, &nfc, NULL) != 0 || strcmp(nfc, t) != 0)
			abort();
		free(nfc);
		ime_free(&ime);
	}
	return 0;
}

#ifndef NK_LIBFUZZER
#include "replay_main.h"
#endif
