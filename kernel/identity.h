/*
 * identity.h - which machine this is: its CPU (CPUID) and the system's
 * manufacturer, product, serial number and UUID (SMBIOS type 1), for the
 * report's cpu and smbios lines (docs/report-format.md).
 */
#ifndef BOOTLAB_KERNEL_IDENTITY_H
#define BOOTLAB_KERNEL_IDENTITY_H

#include "include/bootinfo.h"
#include "kernel/cpu.h"
#include "kernel/smbios.h"

struct machine_id {
    struct cpu_info cpu;
    int smbios;           /* 1: sys holds the System Information structure */
    uint8_t major, minor; /* the SMBIOS version its entry point states */
    struct smbios_system sys;
};

/*
 * identify - CPUID, then SMBIOS: the entry point the loader found
 * (bi->smbios, from the UEFI configuration table), else the one in the BIOS
 * area 0xF0000-0xFFFFF; its table read through the physical window
 * (kernel/physwin.h), so call it before kvmalloc. A missing or broken table
 * leaves id->smbios 0 and prints a console line saying why.
 */
void identify(const struct bootinfo *bi, struct machine_id *id);

#endif
