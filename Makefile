# Guichet — the two commands of the README, and a few more for developers.
#   make run    install what is missing, build, serve the demo commune on http://localhost:8080
#   make test   install what is missing, build, run every test (unit, API, crash, browser)
# CI (CI=true) builds with the `ci` preset: warnings are errors.

PRESET ?= $(if $(CI),ci,dev)
PORT ?= 8080
NODE_TESTS ?= tests/web tests/api tests/security tests/crash tests/browser tests/mail

.PHONY: setup build build-native build-web run test test-unit test-e2e test-summary check-scripts check-modules bench format check-format clean

setup:
	@bash scripts/setup.sh

build: setup build-native build-web

build-native:
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build build

build-web:
	@cd web && npm run --silent build

run: build
	./build/guichet serve --demo --port $(PORT)

# The quick checks first, then the suites; the end says how many tests skipped and why (under CI,
# a test that skipped because a tool is missing fails the run: scripts/test_summary.py).
test: build check-format check-scripts check-modules test-unit test-e2e test-summary

# The self-tests of the checking scripts (quiet unless they fail).
check-scripts:
	@for t in scripts/*_test.py; do out=$$(python3 $$t 2>&1) || { echo "$$out"; exit 1; }; done
	@echo "script self-tests: ok"

# Module borders: a module's SQL names only its own tables (scripts/check_module_tables.py).
check-modules:
	@python3 scripts/check_module_tables.py

# Both suites also write a report for test-summary (build/ctest-junit.xml, build/node-tests.tap).
test-unit:
	@rm -f build/ctest-junit.xml
	ctest --test-dir build --output-on-failure -j2 --output-junit ctest-junit.xml

test-e2e:
	@rm -f build/node-tests.tap
	node --test --test-reporter=spec --test-reporter-destination=stdout \
	  --test-reporter=tap --test-reporter-destination=build/node-tests.tap $(NODE_TESTS)

test-summary:
	@python3 scripts/test_summary.py --ctest-junit build/ctest-junit.xml --node-tap build/node-tests.tap

bench: build
	bench/http_vs_nginx.sh
	bench/opening_hours_vs_js.sh
	bench/search_vs_fts5.sh
	bench/answers_http.sh
	bench/requests_bench.sh
	bench/concurrent_changes.sh

CXX_SOURCES = find src bench tests/conformance tests/eval fuzz -path '*/node_modules' -prune -o -path '*/build-fuzz' -prune -o \( -name '*.cpp' -o -name '*.hpp' \) -print

format:
	$(CXX_SOURCES) | xargs clang-format -i

check-format:
	@$(CXX_SOURCES) | xargs clang-format --dry-run --Werror && echo 'clang-format: ok'

clean:
	rm -rf build build-asan build-release web/dist
