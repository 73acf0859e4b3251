# DMKM: two commands on a fresh machine.
#   make demo   build, then run the main job on the bundled corpus/
#   make test   build and run the whole test suite (what CI runs)
# Both install missing Debian packages first (scripts/install-system-packages).

SWIFT ?= swift
INDEX ?= index

.PHONY: deps build test demo bench-segmenter clean

deps:
	@scripts/install-system-packages

build: deps
	$(SWIFT) build -c release --product dmkm

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	scripts/browser-check

# Index the sample corpus, publish its public catalogue into $(SITE)/, then serve both:
# search at http://127.0.0.1:$(PORT)/, the catalogue at /catalogue/, OAI-PMH at /oai (Ctrl-C stops).
PORT ?= 8080
SITE ?= site
demo: build
	@# An index left by a build with another on-disk format is derived data: rebuild it from corpus/
	@# (award tags live apart from the segments and are kept).
	@if .build/release/dmkm stats --index $(INDEX) 2>&1 | grep -q "unsupported format"; then \
		echo "$(INDEX)/ was written in another index format; rebuilding it from corpus/"; \
		rm -f $(INDEX)/_* $(INDEX)/segments_*; \
	fi
	.build/release/dmkm ingest corpus --index $(INDEX)
	.build/release/dmkm publish --index $(INDEX) --out $(SITE)
	.build/release/dmkm serve --index $(INDEX) --port $(PORT) --catalogue $(SITE)

bench-segmenter: deps
	$(SWIFT) run -c release bench segmenter

# Load figures: wrk against /api/search (needs an index, e.g. INDEX=/tmp/bench/idx100k).
bench-load: deps
	bench/load-test --index $(INDEX)

clean:
	rm -rf .build
