# Makefile - builds build/wijkcontract (BUILD=DIR builds elsewhere); `make demo` and `make test` also
# install the Debian packages they need (see `deps` and `test-deps`).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
PKGS      := libcmark-gfm yaml-0.1 libxml-2.0 libzip libpcre2-8 libcrypto
WARN      := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DWK_VERSION='"$(VERSION)"' \
             $(WARN) $(CFLAGS) -Igenerator -I$(BUILD)/gen \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS       = -lcmark-gfm-extensions $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# Debian packages: to build, and additionally to run the tests.
BUILD_DEBS := gcc make pkg-config gettext libyaml-dev libcmark-gfm-dev \
              libcmark-gfm-extensions-dev libxml2-dev libzip-dev libpcre2-dev libssl-dev
TEST_DEBS  := $(BUILD_DEBS) libxml2-utils xsltproc unzip zip pandoc poppler-utils \
              libreoffice-writer-nogui valgrind python3

SRCS      := $(filter-out generator/main.c,$(wildcard generator/*.c))
BUILD     ?= build
OBJS      := $(patsubst generator/%.c,$(BUILD)/obj/%.o,$(SRCS))
TEMPLATES := $(shell find templates -type f 2>/dev/null | LC_ALL=C sort)
POS       := $(wildcard po/*.po)
MOS       := $(patsubst po/%.po,$(BUILD)/locale/%.mo,$(POS))

.PHONY: all deps test-deps demo test install clean unit

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))

all: $(BUILD)/wijkcontract

$(BUILD)/wijkcontract: $(BUILD)/obj/main.o $(OBJS) $(BUILD)/obj/templates_data.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/obj/%.o: generator/%.c $(wildcard generator/*.h) generator/diag.def | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/templates_data.o: $(BUILD)/gen/templates_data.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/gen/templates_data.c: $(BUILD)/embed $(TEMPLATES) $(MOS) | $(BUILD)/gen
	$(BUILD)/embed $@ templates $(TEMPLATES) -- $(BUILD) $(MOS)

$(BUILD)/embed: generator/tools/embed.c | $(BUILD)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O1 $(WARN) -o $@ $<

$(BUILD)/locale/%.mo: po/%.po | $(BUILD)/locale
	msgfmt --check -o $@ $<

# C unit tests: each tests/unit/test_*.c links with every module but main.
unit: $(UNIT_BINS)

$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.h $(OBJS) $(BUILD)/obj/templates_data.o | $(BUILD)/unit
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(OBJS) $(BUILD)/obj/templates_data.o $(LIBS)

$(BUILD) $(BUILD)/obj $(BUILD)/gen $(BUILD)/locale $(BUILD)/unit:
	mkdir -p $@

# Installs the Debian packages that are missing: apt-get as root, sudo
# otherwise, and a clear message when neither is possible.
deps:
	@sh tests/install-debs.sh $(BUILD_DEBS)

test-deps:
	@sh tests/install-debs.sh $(TEST_DEBS)

demo: deps
	$(MAKE) --no-print-directory all
	@sh tests/demo.sh

test: test-deps
	$(MAKE) --no-print-directory all
	@sh tests/run.sh

install: $(BUILD)/wijkcontract
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/wijkcontract $(DESTDIR)$(PREFIX)/bin/wijkcontract
	install -m 644 doc/wijkcontract.1 $(DESTDIR)$(PREFIX)/share/man/man1/wijkcontract.1

clean:
	rm -rf build out
