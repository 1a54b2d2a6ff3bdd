# Host unit tests of the lab grader (cmocka): tests/hw-tests/<name>.c mirrors
# hw-tests/<module>.c and links every grader module plus tests/hw-tests/lgtest.c.
LABGRADE_UNIT_TESTS := test_lg_line test_lg_telnet test_lg_report test_lg_elf test_lg_table \
                       test_lg_inv test_lg_input test_lg_rules test_lg_uefi test_lg_manifest \
                       test_lg_pc test_lg_status test_lg_identity
