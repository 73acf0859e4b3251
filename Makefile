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

demo: build
	@echo 'การจัดการความรู้ในองค์กร DMKM 2565 ฟลูออไรด์วานิชลดฟันผุในเด็กนักเรียน' | .build/release/dmkm tokenize

bench-segmenter: deps
	$(SWIFT) run -c release bench segmenter

clean:
	rm -rf .build
