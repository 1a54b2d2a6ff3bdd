/*
 * pic8259.c - the PC's two 8259A controllers (see pic8259.h). Command words:
 * Intel 8259A datasheet, "Programming the 8259A" (ICW1-ICW4, OCW1-OCW3).
 */
#include "drivers/pic/pic8259.h"
#include "lib/x86.h"

#define MASTER_CMD  0x20
#define MASTER_DATA 0x21
#define SLAVE_CMD   0xA0
#define SLAVE_DATA  0xA1
#define CASCADE_IRQ 2

#define ICW1_INIT_ICW4 0x11 /* initialize, edge-triggered, cascaded, ICW4 follows */
#define ICW4_8086      0x01 /* 8086/88 mode, normal (not automatic) EOI */
#define OCW2_EOI       0x20 /* non-specific end of interrupt */
#define OCW3_READ_ISR  0x0B /* the next read of the command port gives the in-service register */

static uint8_t mask_master = 0xFF, mask_slave = 0xFF;

void pic_init(uint8_t base)
{
    outb(MASTER_DATA, 0xFF); /* nothing gets through while the controllers are reprogrammed */
    outb(SLAVE_DATA, 0xFF);
    outb(MASTER_CMD, ICW1_INIT_ICW4);
    outb(MASTER_DATA, base);              /* ICW2: vector of IRQ 0 */
    outb(MASTER_DATA, 1u << CASCADE_IRQ); /* ICW3: a slave on IRQ 2 */
    outb(MASTER_DATA, ICW4_8086);
    outb(SLAVE_CMD, ICW1_INIT_ICW4);
    outb(SLAVE_DATA, (uint8_t)(base + 8)); /* ICW2: vector of IRQ 8 */
    outb(SLAVE_DATA, CASCADE_IRQ);         /* ICW3: its cascade identity */
    outb(SLAVE_DATA, ICW4_8086);
    mask_master = mask_slave = 0xFF;
    outb(MASTER_DATA, mask_master); /* OCW1: every IRQ masked */
    outb(SLAVE_DATA, mask_slave);
}

void pic_unmask(int irq)
{
    if (irq >= 8) {
        mask_slave &= (uint8_t) ~(1u << (irq - 8));
        irq = CASCADE_IRQ;
    }
    mask_master &= (uint8_t) ~(1u << irq);
    outb(SLAVE_DATA, mask_slave);
    outb(MASTER_DATA, mask_master);
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(SLAVE_CMD, OCW2_EOI);
    outb(MASTER_CMD, OCW2_EOI);
}

int pic_spurious(int irq)
{
    uint16_t cmd = irq == 15 ? SLAVE_CMD : MASTER_CMD;
    if (irq != 7 && irq != 15)
        return 0;
    outb(cmd, OCW3_READ_ISR);
    if (inb(cmd) & 0x80)
        return 0;
    if (irq == 15)
        outb(MASTER_CMD, OCW2_EOI); /* the master did see IRQ 2 */
    return 1;
}
