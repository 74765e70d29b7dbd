"""`python -m protokoll` is the `protokoll` command."""
from protokoll.cli import main

main(prog_name="protokoll")
