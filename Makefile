# The README's commands: `make lab`, `make test`; `make venv` does only the set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Jupyter as root (CI, containers) needs --allow-root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Loopback only, token authentication, and nothing that phones home at run time.
# (tests/browser reads these flags from `make -n lab` and runs `make app` itself.)
LAB_FLAGS := --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=0 \
             --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
             --LabApp.extension_manager=readonly $(ROOT_FLAG)
# Voilà (make app): the same, plus the code hidden and no tracebacks sent to the page.
VOILA_FLAGS := --Voila.ip=127.0.0.1 --Voila.port_retries=0 --strip_sources=True --show_tracebacks=False

.PHONY: venv lab app test bench notebooks student clean

venv: $(STAMP)

$(STAMP): pyproject.toml tools/overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# JupyterLab's defaults for this venv: no "fetch Jupyter news?" toast, no update check
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp tools/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

PORT ?= 8888
# The token goes to the server in its environment (JUPYTER_TOKEN), never in its arguments: any
# local user can read a process's arguments (ps, /proc/*/cmdline), only its owner its environment.
NEW_TOKEN := $(BIN)/python -c 'import secrets; print(secrets.token_hex(24))'
lab: venv
	@token=$$($(NEW_TOKEN)); \
	echo "JupyterLab on notebooks/ — open http://127.0.0.1:$(PORT)/lab?token=$$token (Ctrl-C to stop)"; \
	JUPYTER_TOKEN=$$token exec $(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.port=$(PORT) $(LAB_FLAGS)

# Presentation mode: app/lecture.ipynb (prose, the weight editor, the descent explorer) as a page
# with the code hidden (Voilà), on 127.0.0.1 with a fresh token; it prints the URL to open.
APP ?= app/lecture.ipynb
APP_PORT ?= 8866
APP_FLAGS ?=
# Voilà's lab template links Font Awesome from a CDN; ours is that template without those two
# lines (its icons come from Voilà's own bundle), so the page asks nothing of the network.
TEMPLATE := build/jupyter/voila/templates/reluback
$(TEMPLATE)/index.html.j2: $(STAMP)
	mkdir -p $(TEMPLATE)
	sed '/fontawesome-free/d' $(VENV)/share/jupyter/voila/templates/lab/index.html.j2 > $@
	echo '{"base_template": "lab"}' > $(TEMPLATE)/conf.json

# --token makes Voilà require one; it takes ours from JUPYTER_TOKEN (and then prints it as "...").
# app/voila.json (the only Voilà config read) makes it refuse a Host header other than a loopback
# address or localhost, as JupyterLab does (DNS rebinding).
app: venv $(TEMPLATE)/index.html.j2
	@token=$$($(NEW_TOKEN)); \
	echo "Voilà on $(APP) — open http://127.0.0.1:$(APP_PORT)/?token=$$token once it says it is running (Ctrl-C to stop)"; \
	JUPYTER_TOKEN=$$token JUPYTER_PATH=build/jupyter exec $(BIN)/voila $(APP) --template=reluback \
	    --port=$(APP_PORT) $(VOILA_FLAGS) --Voila.config_file_paths=$(CURDIR)/app --token $(APP_FLAGS)

test: venv
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env

# Re-execute the notebooks in place (all, or NB=notebooks/01_forward_pass.ipynb): the only way
# their stored outputs are made.
NB ?= notebooks/[0-9]*.ipynb
notebooks: venv
	$(BIN)/python tools/execute.py $(NB)

# The student version of the exercise notebooks: solutions replaced by stubs, outputs cleared,
# written to student/ (git-ignored) with the other notebooks beside them.
student: venv
	$(BIN)/python tools/make_student.py

# CHECKER_BASE: the last commit with the in-process checker, timed beside the sandboxed one.
CHECKER_BASE ?= 8c068c0
bench: venv
	$(BIN)/python benchmarks/bench_backprop.py
	$(BIN)/python benchmarks/bench_descent.py
	$(BIN)/python benchmarks/bench_views.py
	$(BIN)/python benchmarks/bench_stepper.py
	$(BIN)/python benchmarks/bench_checker.py $(CHECKER_BASE)

clean:
	rm -rf $(VENV) *.egg-info

# ---- make book: the set as a static site (issue #13; tools/build_book.py) -------------------
# build/book/index.html: the notebooks executed (copies, widget state stored) and README.md as
# the front page, MathJax/require.js/the widget renderer/anywidget served from the site itself
# (npm ci of book/package-lock.json: pinned, integrity-checked). Open it with BOOK_PORT's server.
BOOK_PORT ?= 8000
.PHONY: book book-serve bench-live
book: venv
	$(BIN)/python tools/build_book.py

book-serve:
	@echo "The book on http://127.0.0.1:$(BOOK_PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(BOOK_PORT) --bind 127.0.0.1 --directory build/book

# The live views' input → frame latency (Chromium): the weight editor in the book and in
# JupyterLab, the backward stepper's step in the book.
bench-live: venv
	$(BIN)/python benchmarks/bench_live_editor.py
	$(BIN)/python benchmarks/bench_live_stepper.py
