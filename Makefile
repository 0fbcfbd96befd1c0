# Budstikke build. `make` builds build/budstikke; `make test` installs what is
# missing, builds with AddressSanitizer+UBSan and runs every test; `make run`
# installs, builds and starts the service with demo data. See README.md.

CC ?= cc
BUILD ?= build
SAN ?= 0
PKGS := libmicrohttpd jansson cjose libssl libcrypto sqlite3 libpq libcurl glib-2.0 libxml-2.0

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
        -Wpointer-arith -Wundef -Wwrite-strings -Wimplicit-fallthrough
WERROR ?= -Werror
ifeq ($(SAN),1)
  BUILD := build-asan
  OPT := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
  OPT ?= -O2 -g
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS := -D_GNU_SOURCE -Isrc -Itests/harness -I$(BUILD)/gen
CFLAGS := -std=c17 $(OPT) $(WARN) $(WERROR) $(PKG_CFLAGS) -MMD -MP
LDLIBS := $(PKG_LIBS) -lpthread -lm
# The service and the benchmarks allocate with jemalloc (docs/allocator.md: 7-16% less CPU per
# durable create than glibc's malloc); the sanitizer build keeps the default allocator, which
# ASan replaces with its own.
ifneq ($(SAN),1)
  ALLOC_LIBS := $(shell pkg-config --libs jemalloc 2>/dev/null)
endif

SRCS := $(shell find src -name '*.c' | sort)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/embedded.o
LIB := $(BUILD)/libbudstikke.a
EMBED_FILES := $(shell find src web -name '*.graphql' -o -name '*.html' -o -name '*.js' -o -name '*.css' -o -name '*.sql' -o -name '*.json' 2>/dev/null | grep -v node_modules | sort)

TEST_SRCS := $(sort $(wildcard tests/unit/*.c tests/blackbox/*.c))
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
HARNESS_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(sort $(wildcard tests/harness/*.c)))
TOOL_SRCS := $(sort $(wildcard tests/conformance/*.c bench/*.c))
TOOL_BINS := $(patsubst %.c,$(BUILD)/%,$(TOOL_SRCS))

.PHONY: all deps run test unit clean tools fuzz bench
all: $(BUILD)/budstikke $(TEST_BINS) $(TOOL_BINS)

$(BUILD)/budstikke: $(BUILD)/obj/src/main.o $(LIB)
	$(CC) $(OPT) -o $@ $^ $(LDLIBS) $(ALLOC_LIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Schemas, SQL and web assets are compiled into the binary.
$(BUILD)/gen/embedded.c: tools/embed.c $(EMBED_FILES)
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -o $(BUILD)/embed tools/embed.c
	$(BUILD)/embed $(EMBED_FILES) > $@

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB) $(HARNESS_OBJ)
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(HARNESS_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(ALLOC_LIBS)

deps:
	bash tools/deps.sh

# Fresh machine: installs, builds, loads demo data and serves on :8080.
run: deps
	$(MAKE) $(BUILD)/budstikke
	bash tools/run-demo.sh $(BUILD)/budstikke

# Fresh machine: installs, builds (ASan+UBSan, then a release build and a
# clang build) and runs every test. Ends with "N passed, N failed".
test: deps
	bash tools/run-tests.sh

clean:
	rm -rf build build-asan build-clang build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
