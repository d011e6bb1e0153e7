# The two commands a new user needs:
#   make demo   install what is missing, build, run the main job end to end
#   make test   install what is missing, run the whole test suite
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eo pipefail -c

CONFIG ?= release
# Environment from scripts/setup: PKG_CONFIG_PATH, LD_LIBRARY_PATH, ASSAY_MODEL, ASSAY_SECOND_MODEL,
# ASSAY_LLAMA_PREFIX.
ENV = eval "$$(scripts/setup --print-env)"
SWIFT_FLAGS = -c $(CONFIG) -Xlinker -rpath -Xlinker "$$ASSAY_LLAMA_PREFIX/lib"

.PHONY: setup build demo test bench docs clean

setup:
	@scripts/setup --server --second-model

build: setup
	@$(ENV)
	swift build $(SWIFT_FLAGS)

demo: build
	@$(ENV)
	ASSAY_BIN="$$(swift build $(SWIFT_FLAGS) --show-bin-path)/assay" scripts/demo

# `swift test` builds every target, the assay binary included, with testing enabled; a separate
# `swift build` first would compile everything twice.
test: setup
	@scripts/setup --browser --finetune
	@$(ENV)
	ASSAY_BIN="$$(swift build $(SWIFT_FLAGS) --show-bin-path)/assay" swift test $(SWIFT_FLAGS)

bench: build
	@$(ENV)
	ASSAY_BIN="$$(swift build $(SWIFT_FLAGS) --show-bin-path)/assay" bench/score.py

# The command pages in docs/commands, generated from the command declarations (a test checks them).
docs: build
	@$(ENV)
	"$$(swift build $(SWIFT_FLAGS) --show-bin-path)/assay" help --markdown --out docs/commands

clean:
	rm -rf .build
