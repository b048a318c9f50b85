# mltui — see README.md. `make` builds ./mltui; `make test` runs every test;
# `make demo` opens mltui on a bundled MLflow store (no server); `make demo-server`
# on the bundled example server.

PKGS     := ncursesw libcurl libcjson libpng freetype2 sqlite3 yaml-0.1 chafa
CC       ?= cc
PYTHON   ?= python3
WERROR   ?=
CFLAGS   ?= -O2 -g
override CFLAGS += -std=c11 -Wall -Wextra $(WERROR) -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 \
            -D_DEFAULT_SOURCE -DMLTUI_VERSION=\"$(VERSION)\" -DMLTUI_DATADIR=\"$(PREFIX)/share/mltui\" -Isrc \
            $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
BUILD    ?= build
VERSION  := 0.1.0
PREFIX   ?= /usr/local

SRC_ALL  := $(sort $(wildcard src/*.c src/*/*.c))
SRC_LIB  := $(filter-out src/main.c,$(SRC_ALL))
OBJ_LIB  := $(SRC_LIB:%.c=$(BUILD)/%.o)
OBJ_MAIN := $(BUILD)/src/main.o
DEPS     := $(OBJ_LIB:.o=.d) $(OBJ_MAIN:.o=.d)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
API_SRC  := $(sort $(wildcard tests/api/test_*.c))
API_BIN  := $(API_SRC:tests/api/%.c=$(BUILD)/tests/%)

.PHONY: install uninstall man lint-man FORCE
.PHONY: all deps deps-fuzz check-deps asan asan-tests test test-unit test-api test-server test-e2e test-cli test-asan demo demo-server clean bench screenshots \
        fuzz fuzz-ci fuzz-build fuzz-bins

# BIN lets several people build side by side: make BUILD=build-x BIN=build-x/mltui
BIN      ?= mltui

all: $(BIN)

$(BIN): $(OBJ_LIB) $(OBJ_MAIN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libmltui.a: $(OBJ_LIB)
	rm -f $@; ar rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c tests/unit/top.h $(BUILD)/libmltui.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(BUILD)/libmltui.a $(LDLIBS) -lcmocka

$(BUILD)/tests/%: tests/api/%.c $(BUILD)/libmltui.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests -o $@ $< $(BUILD)/libmltui.a $(LDLIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c bench/test_server.h $(BUILD)/libmltui.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libmltui.a $(LDLIBS)

# AddressSanitizer + UBSan build of the binary and the unit tests, in
# $(ASAN_BUILD)/ (default build-asan/) and ./mltui-asan (ASAN_BIN).
ASAN_BUILD ?= build-asan
ASAN_BIN   ?= mltui-asan
asan:
	$(MAKE) BUILD=$(ASAN_BUILD) BIN=$(ASAN_BIN) WERROR=$(WERROR) \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" $(ASAN_BIN) asan-tests

asan-tests: $(UNIT_BIN) $(API_BIN)

# libFuzzer targets (tests/fuzz/fuzz_*.c) built with clang, AddressSanitizer and
# UBSan in $(FUZZ_BUILD)/; each runs FUZZ_SECONDS over a seed corpus made from the
# recorded MLflow replies (tests/fuzz/seeds.py) plus tests/fuzz/regress/TARGET/.
# fuzz-ci: the unit tests under clang's sanitizers (UBSan there also reports NULL + 0,
# which gcc's does not), then every target for FUZZ_CI_SECONDS.
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 15
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libmltui.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(BUILD)/libmltui.a $(LDLIBS)

fuzz-bins: $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%) $(UNIT_BIN)

fuzz-build: deps-fuzz
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) WERROR=$(WERROR) \
	    CFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" LDFLAGS="$(FUZZ_SAN)" fuzz-bins
	rm -rf $(FUZZ_BUILD)/seeds && $(PYTHON) tests/fuzz/seeds.py $(FUZZ_BUILD)/seeds

fuzz: fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

fuzz-ci: fuzz-build
	BUILD=$(FUZZ_BUILD) UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    bash tests/run_all.sh unit
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_CI_SECONDS) bash tests/fuzz/run.sh

deps:
	@sh scripts/deps.sh

deps-fuzz:
	@sh scripts/deps.sh fuzz

test: deps check-deps
	$(MAKE) WERROR=$(WERROR) all $(UNIT_BIN) $(API_BIN) lint-man
	bash tests/run_all.sh

# The layering (docs/DESIGN.md): no include cycle between app.c and the
# screens, no curses or api/ below widgets/ (scripts/check-deps.sh).
check-deps:
	sh scripts/check-deps.sh

test-unit: all $(UNIT_BIN)
	bash tests/run_all.sh unit

test-api: all $(API_BIN)
	bash tests/run_all.sh api

test-server:
	bash tests/run_all.sh server

test-e2e: all
	bash tests/run_all.sh e2e

test-cli: all
	bash tests/run_all.sh cli

# Unit + api suites against build-asan/, e2e and cli against ./mltui-asan.
test-asan: deps
	$(MAKE) asan WERROR=$(WERROR)
	BUILD=$(ASAN_BUILD) MLTUI=./$(ASAN_BIN) E2E_TIMEOUT_SCALE=3 \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    bash tests/run_all.sh unit api e2e cli

# A real mlflow.db written by MLflow 3.5's server (the Hazardous_NEOs study and
# its artifacts in mlartifacts/ beside it), read directly: no server, no Python.
DEMO_STORE ?= tests/fixtures/local-stores/mlflow3-server-sqlite/mlflow.db
demo: deps
	$(MAKE) all
	./$(BIN) --experiment Hazardous_NEOs $(DEMO_STORE)

demo-server: deps
	$(MAKE) all
	sh scripts/demo.sh

bench: all
	sh bench/run.sh

# screenshots/*.png of every main screen, from `mltui --screenshot` against the test server.
screenshots: all
	MLTUI=$(BIN) sh scripts/screenshots.sh

# ---- the man page, generated from man/mltui.1.in and the program's own tables
MAN := $(BUILD)/mltui.1

man: $(MAN)

$(MAN): man/mltui.1.in scripts/mangen.sh $(BIN) $(BUILD)/prefix.stamp
	@mkdir -p $(dir $@)
	sh scripts/mangen.sh man/mltui.1.in $(abspath $(BIN)) $(PREFIX) > $@.tmp
	mv $@.tmp $@

# mandoc's linter (Debian package mandoc): no message at warning level or above.
lint-man: $(MAN)
	mandoc -T lint -W warning $(MAN)

# ---- install / uninstall (PREFIX for where it runs, DESTDIR for packaging)
# The binary looks for installed themes in $(PREFIX)/share/mltui/themes, so a
# change of PREFIX rebuilds the file that says so.
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share/mltui
MANDIR    ?= $(PREFIX)/share/man
DOCDIR    ?= $(PREFIX)/share/doc/mltui
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
INSTALL   ?= install
THEMES    := $(sort $(wildcard themes/*.theme))

$(BUILD)/prefix.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/src/app.o: $(BUILD)/prefix.stamp
FORCE:

install: $(BIN) $(MAN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/mltui
	$(INSTALL) -m 644 $(THEMES) $(DESTDIR)$(DATADIR)/themes/
	$(INSTALL) -m 644 $(MAN) $(DESTDIR)$(MANDIR)/man1/mltui.1
	$(INSTALL) -m 644 docs/config.example $(DESTDIR)$(DOCDIR)/config.example
	$(INSTALL) -m 644 completions/mltui.bash $(DESTDIR)$(BASHCOMPDIR)/mltui
	$(INSTALL) -m 644 completions/_mltui $(DESTDIR)$(ZSHCOMPDIR)/_mltui
	$(INSTALL) -m 644 completions/mltui.fish $(DESTDIR)$(FISHCOMPDIR)/mltui.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mltui $(DESTDIR)$(MANDIR)/man1/mltui.1 \
	    $(DESTDIR)$(DOCDIR)/config.example $(DESTDIR)$(BASHCOMPDIR)/mltui \
	    $(DESTDIR)$(ZSHCOMPDIR)/_mltui $(DESTDIR)$(FISHCOMPDIR)/mltui.fish \
	    $(addprefix $(DESTDIR)$(DATADIR)/,$(THEMES))
	-rmdir $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf $(BUILD) build-asan build-fuzz mltui mltui-asan

-include $(DEPS)
