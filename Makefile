# qmpdash — build, test and check. `make help` lists the targets.

GO          ?= go
BIN         := bin/qmpdash
FUZZTIME    ?= 20000x
BENCHFLAGS  ?=
# package:FuzzTarget pairs, run one at a time (go test -fuzz takes one).
FUZZ_TARGETS := ./qmp:FuzzReader ./qmp:FuzzScanMessage ./app/cmdline:FuzzParse ./app/cmdline:FuzzLocate ./docs:FuzzParseSchema ./docs:FuzzValidate ./app/complete:FuzzComplete ./docs:FuzzParseMan ./docs:FuzzParseQAPIComment ./views/widget:FuzzJSONDoc ./app/config:FuzzParse ./docs:FuzzParseHTML ./keymap:FuzzParse ./app/config:FuzzBuildKeymap

.PHONY: help deps build test check fmt-check vet staticcheck fuzz bench demo clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

deps: ## install the Debian packages the demo and the tests need (nothing if they are there)
	@.ci/deps

build: ## build bin/qmpdash
	$(GO) build -o $(BIN) ./cmd/qmpdash

test: deps ## run every test with the race detector
	$(GO) test -race -count=1 ./...

check: deps fmt-check vet staticcheck test fuzz ## gofmt, vet, staticcheck, race tests, short fuzz

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck is pinned in go.mod (a tool directive): nothing is installed.
staticcheck:
	$(GO) tool staticcheck ./...

fuzz: ## run each fuzz target FUZZTIME long: a count (20000x, immune to golang/go#75804) or a duration (5m)
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) $$pkg; \
	done

bench: ## measure the performance budgets and print the summary table (BENCHMARKS.md); BENCHFLAGS=-v shows go test's output
	$(GO) run ./cmd/qmpbench $(BENCHFLAGS)

demo: deps build ## the dashboard on three throwaway QEMU VMs it starts and stops
	./$(BIN) demo

clean:
	rm -rf bin
