"""The network-boot tests (test_netboot.py), make bench-net
(python3 -m tests.netboot.bench_net), make qemu-pxe (python3 -m tests.netboot.qemu_pxe)
and the DHCP probe the tests run in a namespace (python3 -m tests.netboot.dhcp_probe)."""
