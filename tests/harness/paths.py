"""paths.py - where the repository and the build outputs are."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
DISK = os.path.join(BUILD, "disk.img")
KERNEL = os.path.join(BUILD, "kernel.elf")
BROKEN_KERNEL = os.path.join(BUILD, "builds", "broken", "kernel.elf")  # make broken-kernel
MKDISK = os.path.join(BUILD, "mkdisk")
LABGRADE = os.path.join(BUILD, "labgrade")
NETBOOT_ROOT = os.path.join(BUILD, "netboot")  # make netboot: the TFTP and HTTP root
E820_TABLES = os.path.join(ROOT, "tests", "e820")  # real/ and synthetic/ replay tables
