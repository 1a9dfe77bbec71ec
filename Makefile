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
	/usr/lib/python3*/ensurepip/__init__.py:python3-venv \
	pgrep:procps \
	setpriv:util-linux \
	jq:jq \
	curl:curl \
	cc:gcc \
	ss:iproute2 \
	podman:podman \
	runc:runc \
	newuidmap:uidmap \
	/usr/share/doc/busybox-static:busybox-static
DEVENV := .build/debug/devenv

.PHONY: up deps build release test bench clean pytools

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
test: deps pytools
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

# The export tests' validators, without root: kubernetes-validate and jsonschema in a venv, and
# compose's JSON schema from the docker-compose 1.29.2 wheel (compose/config/compose_spec.json).
PYTOOLS := .build/pytools
pytools: $(PYTOOLS)/compose_spec.json

$(PYTOOLS)/venv/bin/kubernetes-validate:
	rm -rf $(PYTOOLS)/venv
	python3 -m venv $(PYTOOLS)/venv
	$(PYTOOLS)/venv/bin/pip install -q kubernetes-validate==1.37.0 jsonschema==4.26.0

$(PYTOOLS)/compose_spec.json: $(PYTOOLS)/venv/bin/kubernetes-validate
	$(PYTOOLS)/venv/bin/pip download -q --no-deps -d $(PYTOOLS)/wheel docker-compose==1.29.2
	$(PYTOOLS)/venv/bin/python -c "import glob, sys, zipfile; \
		open(sys.argv[1], 'wb').write(zipfile.ZipFile(glob.glob(sys.argv[2])[0]).read('compose/config/compose_spec.json'))" \
		$@ '$(PYTOOLS)/wheel/docker_compose-1.29.2-*.whl'

# One line per benchmark; each builds what it needs and prints its own summary (a line is
# skipped while its script is absent). The peers it compares with come from Debian (nginx, caddy,
# haproxy, wrk: installed here), except honcho, from PyPI, which bench/supervisor installs with pip.
bench: deps build
	@missing=""; for tool in nginx caddy haproxy wrk; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	python3 -m pip --version >/dev/null 2>&1 || missing="$$missing python3-pip"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
	@if [ -f bench/supervisor/run.sh ]; then bash bench/supervisor/run.sh; fi
	@if [ -f bench/containers/run.sh ]; then bash bench/containers/run.sh; fi
	@if [ -f bench/postgres/run.sh ]; then bash bench/postgres/run.sh; fi
	@if [ -f bench/router/run.sh ]; then bash bench/router/run.sh; fi
	@if [ -f bench/pause/run.sh ]; then bash bench/pause/run.sh; fi
	@if [ -f bench/rolling/run.sh ]; then bash bench/rolling/run.sh; fi

clean:
	rm -rf .build
