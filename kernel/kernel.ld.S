/*
 * kernel.ld.S - the kernel's linker script, run through the C preprocessor so
 * its addresses come from mm/memlayout.h: linked at KERNLINK, loaded at
 * EXTMEM. Two loadable segments: text + rodata (read-only, ends on a page
 * boundary) and data + bss (writable, starts at 'data'). The symbols 'data'
 * and 'end' are the ones the lecture's kmap[] and kinit1 use; 'erodata' ends
 * the bytes the kernel hashes for its report's khash line, [KERNLINK, erodata).
 */
#include "mm/memlayout.h"
#include "mm/mmu.h"

OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
ENTRY(_start)

PHDRS
{
    text PT_LOAD FLAGS(5);   /* R-X */
    data PT_LOAD FLAGS(6);   /* RW- */
}

SECTIONS
{
    . = KERNLINK;
    .text : AT(EXTMEM) {
        KEEP(*(.multiboot))
        *(.text .text.*)
    } :text
    PROVIDE(etext = .);
    .rodata : { *(.rodata .rodata.*) } :text
    PROVIDE(erodata = .);

    /* The text row of kmap[] ends here: data must start on a page. */
    . = ALIGN(PGSIZE);
    PROVIDE(data = .);
    .data : { *(.data .data.*) } :data
    PROVIDE(edata = .);
    .bss : { *(.bss .bss.*) *(COMMON) } :data
    PROVIDE(end = .);

    /DISCARD/ : { *(.eh_frame*) *(.note*) *(.comment) }
}
