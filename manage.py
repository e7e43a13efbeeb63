#!/usr/bin/env python
from chibo.__main__ import main

if __name__ == "__main__":
    main()
