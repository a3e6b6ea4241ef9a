# The two commands of the README: `make run` and `make check`. Both install
# what is missing from Debian, configure meson into build/, and compile.
# `make` alone builds build/ntmkiosk.

BUILD ?= build
BUILD_PKGS = meson ninja-build gcc pkg-config gettext libicu-dev libunistring-dev \
             libsqlite3-dev libncurses-dev libcmocka-dev libmd4c-dev libxlsxwriter-dev \
             libcrypt-dev
TEST_PKGS = tmux sqlite3 libreoffice-calc-nogui
MESON_OPTS = $(if $(CI),-Dwerror=true,)

.PHONY: all run check deps test-deps setup clean

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
	@status=0; meson test -C $(BUILD) --print-errorlogs || status=$$?; \
	sh tools/test-summary.sh $(BUILD)/meson-logs/testlog.json; exit $$status

clean:
	rm -rf $(BUILD)
