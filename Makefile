# ecspack — the two commands of the Quick start are `make demo` and `make test`.
GO        ?= go
BIN       := bin/ecspack
SAMPLE    := samples/harbor
OUT       := out
PKGS      := ./...
# go test's default -timeout (10m per package) is shorter than the slowest
# package (cmd/ecspack, or discover: moto, the aws CLI, LibreOffice) takes on a
# busy 2-CPU machine (measured: README.md, Development).
TEST_TIMEOUT ?= 30m

.PHONY: all demo test test-short bench build deps lint fuzz schema clean help

all: build

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort

build: ## build bin/ecspack
	$(GO) build -o $(BIN) ./cmd/ecspack

demo: build ## build the bundled sample's package into out/ (no AWS account needed)
	$(BIN) build $(SAMPLE) -o $(OUT)
	@echo "ecspack demo: the binary is $(CURDIR)/$(BIN); it wrote $(CURDIR)/$(OUT)/:"
	@cd $(OUT) && find . -type f | sed 's|^\./|  $(CURDIR)/$(OUT)/|' | sort
	@echo "open $(CURDIR)/$(OUT)/submission.pdf and $(CURDIR)/$(OUT)/self-assessment.xlsx"

deps: ## install what the tests use when missing: poppler, qpdf, LibreOffice, Graphviz (apt, waits for its lock); moto and the aws CLI (pip, pinned)
	@.ci/install-test-deps.sh

test: deps ## run every test, including the moto emulator and output readers
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) $(PKGS) ./.ci/benchtable

test-short: ## unit tests only, no installs
	$(GO) test -short -timeout 10m $(PKGS)

bench: ## run the benchmarks (5 runs each) and print a table of medians (see docs/performance.md)
	$(GO) test -run '^$$' -bench . -benchmem -count 5 -timeout 60m $(PKGS) | $(GO) run ./.ci/benchtable -tee bench.out

lint: ## gofmt, go vet and staticcheck
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS)

FUZZTIME ?= 10s
FUZZ_TARGETS := \
	FuzzDecode:./inventory \
	FuzzImport:./discover \
	FuzzCasefileYAML:./evidence \
	FuzzCaseStudyYAML:./evidence \
	FuzzAnswer:./evidence \
	FuzzMarkdown:./render/pdf \
	FuzzSanitize:./internal/textsafe \
	FuzzText:./redact \
	FuzzReadFileIn:./internal/safefile \
	FuzzOverrideTemplate:./sopfill

fuzz: ## run every fuzz target briefly (FUZZTIME each; the seed corpora run in make test)
	GO=$(GO) .ci/fuzz.sh $(FUZZTIME) $(FUZZ_TARGETS)

schema: ## regenerate docs/inventory.schema.json from the Go types
	ECSPACK_UPDATE_SCHEMA=1 $(GO) test -run TestPublishedSchemaIsCurrent ./inventory

clean: ## remove build outputs
	rm -rf bin $(OUT) bench.out
