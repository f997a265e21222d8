# The two commands a newcomer runs: `make run` and `make test`. Both install what they need.
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY_RUN = $(UV) run --frozen

.PHONY: run test check lint typecheck deps format bench sweep clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv>=0.5"

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --all-groups
	touch $@

run: .venv/.synced
	$(PY_RUN) chuhai quote --demo
	$(PY_RUN) chuhai serve --demo

test: .venv/.synced
	$(PY_RUN) pytest $(PYTEST_ARGS)

lint: .venv/.synced
	$(PY_RUN) ruff check src tests bench tools
	$(PY_RUN) ruff format --check src tests bench tools

typecheck: .venv/.synced
	$(PY_RUN) mypy --strict src

deps: .venv/.synced
	$(PY_RUN) deptry src

check: lint typecheck deps
	$(PY_RUN) pytest $(PYTEST_ARGS)

sweep: .venv/.synced
	$(PY_RUN) python tools/sweep_duty_expressions.py

format: .venv/.synced
	$(PY_RUN) ruff format src tests bench tools
	$(PY_RUN) ruff check --fix src tests bench tools

bench: .venv/.synced
	$(PY_RUN) python bench/quote_latency.py
	$(UV) run --frozen --group bench python bench/batch_vs_peer.py --sizes 1e4,1e5,1e6,1e7

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache
