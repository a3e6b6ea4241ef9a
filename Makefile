# The two commands of the README: `make run` and `make check`. Both install
# what is missing from Debian, configure meson into build/, and compile.
# `make` alone builds build/ntmkiosk.

BUILD ?= build
BUILD_PKGS = meson ninja-build gcc pkg-config gettext libicu-dev libunistring-dev \
             libsqlite3-dev libncurses-dev libcmocka-dev libmd4c-dev libxlsxwriter-dev \
             libcrypt-dev libpq-dev
TEST_PKGS = tmux sqlite3 libreoffice-calc-nogui clang groff-base man-db systemd kbd \
            console-setup-linux postgresql
MESON_OPTS = $(if $(CI),-Dwerror=true,)

.PHONY: all run check check-slow check-sanitize check-valgrind bench deps test-deps setup clean

all: setup
	ninja -C $(BUILD)

deps:
	@sh tools/ensure-packages.sh $(BUILD_PKGS)

test-deps:
	@sh tools/ensure-packages.sh $(BUILD_PKGS) $(TEST_PKGS)

setup: deps
	@if [ -f $(BUILD)/build.ninja ]; then \
	  $(if $(MESON_OPTS),meson configure $(BUILD) $(MESON_OPTS) >/dev/null,true); \
	else \
	  meson setup $(BUILD) $(MESON_OPTS); \
	fi

run: all
	./$(BUILD)/ntmkiosk $(ARGS)

check: test-deps setup
	ninja -C $(BUILD)
	@status=0; meson test -C $(BUILD) --no-suite slow --print-errorlogs || status=$$?; \
	sh tools/test-summary.sh $(BUILD)/meson-logs/testlog.json; exit $$status

# The long versions of the crash and soak tests.
check-slow: test-deps setup
	ninja -C $(BUILD)
	@status=0; meson test -C $(BUILD) --suite slow --print-errorlogs || status=$$?; \
	sh tools/test-summary.sh $(BUILD)/meson-logs/testlog.json; exit $$status

# Every test again under AddressSanitizer and UndefinedBehaviorSanitizer.
check-sanitize: test-deps
	@[ -f build-sanitize/build.ninja ] || meson setup build-sanitize \
	  -Db_sanitize=address,undefined -Db_lundef=false
	ninja -C build-sanitize
	@status=0; ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1 \
	  meson test -C build-sanitize --print-errorlogs || status=$$?; \
	sh tools/test-summary.sh build-sanitize/meson-logs/testlog.json; exit $$status

# The unit tests under valgrind (the end-to-end ones run the real binary in tmux).
check-valgrind: test-deps setup
	@sh tools/ensure-packages.sh valgrind
	ninja -C $(BUILD)
	@status=0; meson test -C $(BUILD) --suite unit --suite fuzz --print-errorlogs \
	  --wrapper 'valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite -q' \
	  --timeout-multiplier 10 || status=$$?; \
	sh tools/test-summary.sh $(BUILD)/meson-logs/testlog-valgrind.json; exit $$status

# Speed and memory against peers run in the same go (bench/README.md).
bench: test-deps setup
	ninja -C $(BUILD)
	sh bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-sanitize
