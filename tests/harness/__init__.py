"""The test harness: everything the tests and the test tools share.

  paths      where the sources and the build outputs are
  qemu       one QEMU PC (serial log, monitor, SeaBIOS debug console), stopped by PID
  report     the kernel's report (docs/report-format.md), line count and CRC checked
  seabios    SeaBIOS's own E820 map, and the maps kept for each -m size
  elf        kernel symbols and ELF program headers
  disk       disk images made with build/mkdisk
  oracle     what a report must say, computed independently of the C code
  e820table  E820 replay tables, and what the loader must make of them
  checks     every report field and the live page table against the oracle
  csource    constants and tables read from the C source
  ptypc      QEMU PCs whose COM1 is a pty, for the grader
  labgrade   running build/labgrade, and its recorded logs
  netlab     private lab networks: namespaces, bridge, taps, dnsmasq, HTTP
  labsim     the simulated lab of make lab-sim

Import it as tests.harness.<module>, with the repository root as the current
directory (python3 -m ...): the root is then on Python's module search path.
"""
