"""Fails once with a message built to attack a terminal: Vigil must show its words, sanitised, and the console
must stay intact (VigilIntegrationTests/HostileErrorTests). No retries, so it fails on its first try."""
import base64

from airflow.sdk import DAG, task

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
HOSTILE = "".join([
    "vigil hostile failure begins ",
    ESC + "[2J" + ESC + "[H",                                                  # clear the screen, cursor home
    ESC + "]52;c;" + base64.b64encode(b"vigil-clipboard-stolen").decode() + BEL,  # OSC 52: write the clipboard
    "\u202eright to left override\u202c ",                                   # RLO ... PDF
    "\u2067isolate\u2069 ",                                                    # RLI ... PDI
    ESC + "]8;;https://evil.example/" + ST + "hyperlink text" + ESC + "]8;;" + ST + " ",  # OSC 8 hyperlink
    ESC + "]0;vigil-pwned-title" + BEL,                                        # OSC 0: window and pane title
    "\x9b31mc1 csi\x9d0;c1-title\x9c ",                                        # C1 CSI, OSC, ST
    "zero\u200bwidth\u200djoin\ufeff ",                                        # zero-width space, joiner, BOM
    "数据管道失败 ",                                                              # wide CJK
    "cafe\u0301 man\u0303ana ",                                                 # combining marks
    "vigil hostile failure ends",
])

with DAG(dag_id="vigil_hostile", schedule=None, catchup=False, tags=["vigil"], default_args={"retries": 0}):

    @task
    def explode():
        raise ValueError(HOSTILE)

    explode()
