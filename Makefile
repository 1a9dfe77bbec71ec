# devenv — make up: install what is missing, build, bring the demo stack up.
#          make test: the whole test suite.   make bench: the benchmarks, side by side with peers.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What devenv's build, tests and benchmarks need, as "check:package" pairs: the check is a file
# that must exist (or a command on PATH), so a package installed under a versioned name
# (postgresql-client-15) counts as present and no network round trip happens when all is there.
NEEDS := \
	/usr/include/sqlite3.h:libsqlite3-dev \
	/usr/include/postgresql/libpq-fe.h:libpq-dev \
	/usr/lib/postgresql/*/bin/postgres:postgresql \
	psql:postgresql-client \
	python3:python3 \
	pgrep:procps \
	setpriv:util-linux \
	jq:jq \
	cc:gcc \
	ss:iproute2
DEVENV := .build/debug/devenv

.PHONY: up deps build release test bench clean

up: deps build
	$(DEVENV) up dev
	@$(DEVENV) status dev

deps:
	@missing=""; for need in $(NEEDS); do check=$${need%%:*}; package=$${need##*:}; \
		case $$check in /*) ls $$check >/dev/null 2>&1 ;; *) command -v $$check >/dev/null 2>&1 ;; esac \
		|| missing="$$missing $$package"; done; \
	if [ -z "$$missing" ]; then echo "system packages: all present"; \
	elif [ -x /usr/bin/apt-get ] && { [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null; }; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "please install:$$missing (Debian/Ubuntu package names)"; exit 1; fi

build:
	$(SWIFT) build --product devenv
	$(SWIFT) build --product devenv-shim
	$(SWIFT) build --product demo-app

# The build to ship and to measure: optimised, the Swift runtime and Foundation linked in (no
# dynamic loading of them at every command and daemon start). The benchmarks use it.
release:
	$(SWIFT) build -c release --static-swift-stdlib

# swift build first: end-to-end tests run the built devenv, devenv-shim and demo-app binaries.
# --no-parallel: many tests start real servers and wait on them; run side by side on 2 cores they
# starve each other of the few threads Swift's concurrency pool has.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

# One line per benchmark; each builds what it needs and prints its own summary (a line is
# skipped while its script is absent). The peers it compares with come from Debian (nginx, caddy,
# wrk: installed here), except honcho, from PyPI, which bench/supervisor installs with pip.
bench: deps build
	@missing=""; for tool in nginx caddy wrk; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	python3 -m pip --version >/dev/null 2>&1 || missing="$$missing python3-pip"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
	@if [ -f bench/supervisor/run.sh ]; then bash bench/supervisor/run.sh; fi
	@if [ -f bench/postgres/run.sh ]; then bash bench/postgres/run.sh; fi
	@if [ -f bench/router/run.sh ]; then bash bench/router/run.sh; fi

clean:
	rm -rf .build
