"""Run magref as `python -m magref`."""

from magref.cli import main

if __name__ == "__main__":
    main()
