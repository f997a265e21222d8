"""``python -m chuhai`` runs the command line."""

from chuhai.cli import main

main()
