"""python3 -m tests.labsim -n N [--lossy-pc K] - the simulated lab (make lab-sim N=N);
see tests/harness/labsim.py."""

import sys

from tests.harness import labsim

sys.exit(labsim.main(sys.argv[1:]))
