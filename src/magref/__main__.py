"""Run magref as `python -m magref`."""

from magref.launch import main

if __name__ == "__main__":
    main()
