"""The lab's network-boot server and the tools around it: the dnsmasq
configurations (dnsmasq-isolated.conf, dnsmasq-proxy.conf), the iPXE scripts
(boot.ipxe, seats/), GRUB's configurations (grub/), and, each run from the
repository root as python3 -m netboot.<name>:

  dnsmasq_conf  the configuration for one interface, rendered from a template
  serve         make netboot-serve: the server in the foreground
  http          the files-only HTTP server serve starts
  manifest      a lab manifest's seats, as build/labgrade reads them
  labbuild      make lab-build: every student's source tree of a manifest
  seats         make netboot [MANIFEST=]: seat files, and the check that
                dnsmasq will serve every file of the root
  wake          make lab-wake: Wake-on-LAN to a manifest's PCs
"""
