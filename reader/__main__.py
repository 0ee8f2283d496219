"""`python -m reader` runs the same command line as `zhreader`."""

from reader.cli import main

main()
