# Two commands do all set-up on a fresh Debian machine:
#   make demo   ingest data/samples/ into ./arkiv-demo and run example searches
#   make test   run the whole test suite (real OCR, browser, wheel install)
# and one for daily work:
#   make check  the fast tests: no OCR, no browser, no wheel build
# Both install what is missing (Debian packages when run as root, a .venv, the package)
# and skip what is already there.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ARCHIVE := arkiv-demo
# tesseract + Swedish data and Ghostscript for OCRmyPDF; pngquant/unpaper/qpdf are OCRmyPDF helpers;
# fonts-dejavu-core, fonts-urw-base35 and fonts-ebgaramond for the scan generator's faces (office,
# typewriter, old print); chromium for the browser tests; hunspell-sv and
# hunspell-tools (unmunch) for the normaliser's Swedish dictionary forms; libreoffice-writer-nogui
# turns .docx/.doc/.odt/.rtf into PDF/A; nginx and openssl for the test of the reverse-proxy example
# (HTTPS with a certificate made in the test, basic auth, the page under /protokoll/); redis-server is
# the queue's broker in the tests of `ingest --broker` (the tests start it on a loopback port and stop it).
APT_PACKAGES := tesseract-ocr tesseract-ocr-swe tesseract-ocr-eng ghostscript qpdf pngquant unpaper \
                fonts-dejavu-core fonts-urw-base35 fonts-ebgaramond chromium hunspell-sv hunspell-tools \
                libreoffice-writer-nogui nginx openssl redis-server

.PHONY: demo test check docs system venv samples bench clean

demo: system venv
	rm -rf $(DEMO_ARCHIVE)
	$(BIN)/protokoll --archive $(DEMO_ARCHIVE) ingest data/samples/
	@echo; echo "== protokoll stats"; $(BIN)/protokoll --archive $(DEMO_ARCHIVE) stats
	@for q in kompetensförsörjning "Sammanträdesdatum 2025" regemente; do \
		echo; echo "== protokoll search '$$q'"; \
		$(BIN)/protokoll --archive $(DEMO_ARCHIVE) search "$$q" --limit 5 || exit $$?; \
	done

test: system venv
	$(BIN)/python -m pytest -n 2 -q

check: venv
	$(BIN)/python -m pytest -n 2 -q -m "not slow and not browser"

# Regenerate the command reference (docs/cli.md, README's command table) from the commands' --help.
docs: venv
	$(BIN)/python -m tools.cli_docs --write

system:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "missing Debian packages; run as root: apt-get install$$missing"; exit 1; \
		fi; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# The editable install maps the package `protokoll` onto this folder; setuptools says so in a
	# notice that is no warning about our files, so it is silenced here.
	PYTHONWARNINGS="ignore::UserWarning:setuptools.command.editable_wheel" \
		$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# Regenerate the committed scanned sample from its source text.
samples: venv
	$(BIN)/python -m tools.render_scan data/samples/000_effe2c7c135b0eba.txt data/samples/scan_000_samverkanstid_2024-09-16.pdf \
		--truth tests/resources/scan_000_samverkanstid_2024-09-16.gt.txt

clean:
	rm -rf $(VENV) $(DEMO_ARCHIVE)
