"""The lab's network-boot server: the dnsmasq configurations
(dnsmasq-isolated.conf, dnsmasq-proxy.conf), the iPXE scripts, and

  dnsmasq_conf  the configuration for one interface, rendered from a template
  serve         make netboot-serve: the server in the foreground
                (python3 -m netboot.serve, from the repository root)
"""
