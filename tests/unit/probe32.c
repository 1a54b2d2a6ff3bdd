/*
 * probe32.c - a 32-bit program that does nothing: if the kernel runs it, the
 * unit tests run directly; if not, under qemu-i386 (mk/run32.sh).
 */
int main(void)
{
    return 0;
}
