# Makefile - builds build/wijkcontract (BUILD=DIR builds elsewhere); `make demo` and `make test` also
# install the Debian packages they need (see `deps` and `test-deps`).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
PKGS      := libcmark-gfm yaml-0.1 libxml-2.0 libzip libpcre2-8 libcrypto zlib icu-uc
WARN      := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS    ?= -O2 -g
# CPPFLAGS and LDFLAGS as the environment gives them (dpkg-buildflags:
# fortification, hardening) join ours.
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DWK_VERSION='"$(VERSION)"' \
             $(WARN) $(CPPFLAGS) $(CFLAGS) -Igenerator -I$(BUILD)/gen \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Every library is Debian's shared one, found through pkg-config, as a
# Debian package links them.
LIBS      := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# Debian packages: to build, and additionally to run the tests. They are
# installed without their recommended packages, so each one a test uses is
# named here: fonts-liberation2 is the documents' table font (Liberation
# Sans, and Arial by fontconfig's aliases), whose widths the generator sizes
# columns with (without it LibreOffice renders in DejaVu Sans, which
# tests/t-typeset.sh also tries). groff-base renders the manual page.
# strace shows that a batch syncs before it reports (t-batch); debhelper and
# lintian build and judge the Debian package (t-package), and
# dpkg-buildpackage refuses to start without build-essential.
BUILD_DEBS := gcc make pkg-config gettext libyaml-dev libcmark-gfm-dev \
              libcmark-gfm-extensions-dev libxml2-dev libzip-dev libpcre2-dev libssl-dev zlib1g-dev \
              libicu-dev
# The fonts whose metrics the layout knows (generator/font_metrics.c, `make
# fonts`) and the hyphenation patterns of the documents' languages: the
# rendered pages are judged with them (tests/t-typeset.sh).
TEST_DEBS  := $(BUILD_DEBS) libxml2-utils xsltproc unzip zip pandoc poppler-utils \
              libreoffice-writer-nogui valgrind python3 python3-yaml python3-icalendar python3-uno time groff-base \
              fonts-liberation2 fonts-crosextra-carlito fonts-dejavu hyphen-nl hyphen-en-gb \
              strace bash-completion build-essential debhelper dpkg-dev fakeroot lintian

SRCS      := $(filter-out generator/main.c,$(wildcard generator/*.c))
BUILD     ?= build
OBJS      := $(patsubst generator/%.c,$(BUILD)/obj/%.o,$(SRCS))
TEMPLATES := $(shell find templates -type f 2>/dev/null | LC_ALL=C sort)
PACKS      = $(patsubst templates/%/profile.yaml,$(BUILD)/ypack/%/profile.ytree,$(filter templates/%/profile.yaml,$(TEMPLATES)))
PACKS     += $(patsubst templates/%/profile.yaml,$(BUILD)/ypack/%/profile.pcre2,$(filter templates/%/profile.yaml,$(TEMPLATES)))
YPACK_SRCS := generator/tools/ypack.c generator/yamltree.c generator/diag.c generator/util.c generator/i18n.c
POS       := $(wildcard po/*.po)
MOS       := $(patsubst po/%.po,$(BUILD)/locale/%.mo,$(POS))

.PHONY: picture all deps test-deps demo test install clean unit pot fonts deb

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))

all: $(BUILD)/wijkcontract

$(BUILD)/wijkcontract: $(BUILD)/obj/main.o $(OBJS) $(BUILD)/obj/templates_data.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/obj/%.o: generator/%.c $(wildcard generator/*.h) generator/diag.def | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/templates_data.o: $(BUILD)/gen/templates_data.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/gen/templates_data.c: $(BUILD)/embed $(TEMPLATES) $(MOS) $(PACKS) | $(BUILD)/gen
	$(BUILD)/embed $@ templates $(TEMPLATES) -- $(BUILD) $(MOS) -- $(BUILD)/ypack $(PACKS)

$(BUILD)/embed: generator/tools/embed.c | $(BUILD)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O1 $(WARN) -o $@ $<

# Profiles are parsed at build time: ypack (with the generator's own YAML
# code) writes each one's tree in packed form, embedded as
# KIND/profile.ytree beside the YAML and unpacked at run time.
$(BUILD)/ypack/%/profile.ytree: templates/%/profile.yaml $(BUILD)/ypack-tool
	@mkdir -p $(@D)
	$(BUILD)/ypack-tool $< $@

# ... and its patterns compiled, serialized by pcre2, decoded at run time.
$(BUILD)/ypack/%/profile.pcre2: templates/%/profile.yaml $(BUILD)/ypack-tool
	@mkdir -p $(@D)
	$(BUILD)/ypack-tool --patterns $< $@

$(BUILD)/ypack-tool: $(YPACK_SRCS) $(wildcard generator/*.h) generator/diag.def | $(BUILD)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O1 $(WARN) -Igenerator \
	  $(shell pkg-config --cflags yaml-0.1 libpcre2-8 2>/dev/null) -o $@ $(YPACK_SRCS) \
	  $(shell pkg-config --libs yaml-0.1 libpcre2-8 icu-uc 2>/dev/null)

$(BUILD)/locale/%.mo: po/%.po | $(BUILD)/locale
	msgfmt --check -o $@ $<

# C unit tests: each tests/unit/test_*.c links with the modules it uses,
# taken from an archive of every module but main.c.
unit: $(UNIT_BINS)

$(BUILD)/libwk.a: $(OBJS) $(BUILD)/obj/templates_data.o
	rm -f $@ && ar rcs $@ $^

$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.h tests/unit/meta_fixture.h $(BUILD)/libwk.a | $(BUILD)/unit
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libwk.a $(LIBS)

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
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/wijkcontract $(DESTDIR)$(PREFIX)/bin/wijkcontract
	install -m 644 doc/wijkcontract.1 $(DESTDIR)$(PREFIX)/share/man/man1/wijkcontract.1
	install -m 644 doc/wijkcontract.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/wijkcontract

# The Debian package (debian/): dpkg-buildpackage writes it beside the
# checkout; it is moved to $(BUILD)/deb/ with its .buildinfo and .changes.
# Needs the build packages and debhelper (DEB_DEBS).
DEB_DEBS := $(BUILD_DEBS) debhelper dpkg-dev fakeroot lintian
deb:
	@sh tests/install-debs.sh $(DEB_DEBS)
	dpkg-buildpackage -us -uc -b
	mkdir -p $(BUILD)/deb
	mv ../wijkcontract_$(VERSION)_*.deb ../wijkcontract-dbgsym_$(VERSION)_*.deb \
	  ../wijkcontract_$(VERSION)_*.buildinfo ../wijkcontract_$(VERSION)_*.changes $(BUILD)/deb/ 2>/dev/null || true
	lintian $(BUILD)/deb/wijkcontract_$(VERSION)_*.changes

# Message template for translators: every _() and N_() string of the
# generator (diag.def rows wrap their formats in N_()). Update a catalog
# afterwards with `msgmerge --update po/LANG.po po/wijkcontract.pot`.
pot:
	xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ \
	  --add-comments=TRANSLATORS --package-name=wijkcontract \
	  --package-version=$(VERSION) -o po/wijkcontract.pot \
	  generator/*.c generator/diag.def

# The advance widths of the fonts the layout knows, from their files
# (fonts-liberation2, fonts-crosextra-carlito, fonts-dejavu-core): a
# generated source kept in the tree, so building needs no fonts.
fonts:
	python3 generator/tools/font_widths.py >generator/font_metrics.c.new
	mv generator/font_metrics.c.new generator/font_metrics.c

# The README's picture of a generated page (needs ../shared/tools/render-pdf).
picture: all
	@sh doc/make-picture.sh

clean:
	rm -rf build out

# ---- robustness: sanitizers, fuzzing, valgrind, benchmark ----------------
# (tests/fuzz/README.md). `make asan` builds build/asan/wijkcontract;
# `make fuzz FUZZ_SECONDS=N` builds the libFuzzer targets with clang in
# build/fuzz and runs each for N seconds; `make BUILD=D fuzz-regress` builds
# the targets' plain runners (tests/t-fuzz.sh uses them); `make valgrind` and
# `make bench` run tests/valgrind.sh and tests/bench.sh on $(BUILD).
.PHONY: asan fuzz fuzz-bins fuzz-regress valgrind bench
SAN_FLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := contract refdoc zipin verify
FUZZ_DEPS     = tests/fuzz/oracle.c tests/fuzz/oracle.h tests/fuzz/wkparts.c tests/fuzz/wkparts.h $(OBJS) $(BUILD)/obj/templates_data.o

asan:
	$(MAKE) --no-print-directory BUILD=build/asan CFLAGS='$(SAN_FLAGS)' all

fuzz:
	@sh tests/install-debs.sh clang libclang-rt-14-dev $(BUILD_DEBS)
	$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang WARN='$(WARN) -Wno-error' \
	  CFLAGS='$(SAN_FLAGS) -fsanitize=fuzzer-no-link' fuzz-bins
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-bins: $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_TARGETS))

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< tests/fuzz/oracle.c tests/fuzz/wkparts.c \
	  $(OBJS) $(BUILD)/obj/templates_data.o $(LIBS)

fuzz-regress: $(patsubst %,$(BUILD)/regress_%,$(FUZZ_TARGETS))

$(BUILD)/regress_%: tests/fuzz/fuzz_%.c tests/fuzz/regress.c $(FUZZ_DEPS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/regress.c tests/fuzz/oracle.c tests/fuzz/wkparts.c \
	  $(OBJS) $(BUILD)/obj/templates_data.o $(LIBS)

valgrind: all
	sh tests/valgrind.sh $(BUILD)/wijkcontract

bench: all
	WK=$(abspath $(BUILD))/wijkcontract sh tests/bench.sh
